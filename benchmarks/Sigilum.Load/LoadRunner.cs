using System.Diagnostics;
using Sigilum.LoadKit.Cpu;

namespace Sigilum.Load;

/// <summary>
/// Closed loop: each worker keeps exactly one request in flight. Requests that start after the warm-up
/// and finish before the end of the window are recorded; requests/s is their count over the window.
/// A worker's request is an HTTP request through the shared client, or (MCP mode) a sender of its own.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, Func<int, Func<CancellationToken, Task<int>>> senderFor)
{
    /// <summary>HTTP mode: every worker sends <see cref="LoadOptions.Method"/> <see cref="LoadOptions.Url"/> through <paramref name="client"/>.</summary>
    public LoadRunner(LoadOptions options, HttpClient client)
        : this(options, _ => cancellationToken => SendAsync(options, client, cancellationToken))
    {
    }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + Ticks(options.WarmupSeconds);
        var measureEnd = measureStart + Ticks(options.DurationSeconds);
        var workers = new LatencyRecorder[options.Connections];
        var tasks = new Task[options.Connections];
        for (var i = 0; i < workers.Length; i++)
        {
            var recorder = workers[i] = new LatencyRecorder();
            var send = senderFor(i);
            tasks[i] = Task.Run(() => WorkerAsync(recorder, send, measureStart, measureEnd, cancellationToken), cancellationToken);
        }
        // CPU of the named processes, this tool and the machine over exactly the measured window, so CPU per
        // request divides by the requests counted in that same window.
        var sampler = CpuSampler.ForThisProcess(options.CpuTargets);
        var window = CpuWindow.MeasureAsync(sampler, measureStart, measureEnd, TimeProvider.System, cancellationToken);
        await Task.WhenAll(tasks).ConfigureAwait(false);
        CpuSnapshot? cpuStart = null, cpuEnd = null;
        try
        {
            (cpuStart, cpuEnd) = await window.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted before the window closed: report latencies without CPU figures.
        }
        // CPU this process used for the whole run (warm-up included), so a script can tell whether the
        // load generator or the target was short of CPU on a shared machine.
        var cpu = Environment.CpuUsage.TotalTime.TotalSeconds;
        return LoadResult.From(options, options.DurationSeconds, workers, cpu,
            cpuStart is null || cpuEnd is null ? null : requests => sampler.Report(cpuStart, cpuEnd, requests));
    }

    private static async Task<int> SendAsync(LoadOptions options, HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(options.Method, options.Url);
        if (options.Body is { } body)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    private static async Task WorkerAsync(LatencyRecorder recorder, Func<CancellationToken, Task<int>> send, long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (t0 >= measureEnd)
            {
                return;
            }
            int status;
            Exception? failure = null;
            try
            {
                status = await send(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or ModelContextProtocol.McpException)
            {
                status = 0;
                failure = ex;
            }
            var t1 = Stopwatch.GetTimestamp();
            if (t0 < measureStart || t1 > measureEnd)
            {
                continue;
            }
            var micros = (t1 - t0) * 1_000_000 / Stopwatch.Frequency;
            if (failure is null)
            {
                recorder.Record(micros, status);
            }
            else
            {
                recorder.RecordException(micros, failure);
            }
        }
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
