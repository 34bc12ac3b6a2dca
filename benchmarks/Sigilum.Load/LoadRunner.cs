using System.Diagnostics;
using Sigilum.LoadKit.Cpu;

namespace Sigilum.Load;

/// <summary>
/// Closed loop: each worker keeps exactly one request in flight. Requests that start after the warm-up
/// and finish before the end of the window are recorded; requests/s is their count over the window.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, HttpClient client)
{
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
            tasks[i] = Task.Run(() => WorkerAsync(recorder, measureStart, measureEnd, cancellationToken), cancellationToken);
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

    private async Task WorkerAsync(LatencyRecorder recorder, long measureStart, long measureEnd, CancellationToken cancellationToken)
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
                using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
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
