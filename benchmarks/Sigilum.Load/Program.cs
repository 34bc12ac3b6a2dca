using System.Globalization;
using System.Text.Json;
using Sigilum.Load;
using Sigilum.LoadKit.Probes;

// dotnet artifacts/bin/Sigilum.Load/release/Sigilum.Load.dll --url http://127.0.0.1:8080/ -c 16 -d 15 [--sign] [--json]
// Driven by benchmarks/gateway-load.sh; see LoadOptions.Usage.
if (ProbeCommand.TryRun(args, Console.Out, Console.Error, out var probeExit))
{
    return probeExit;
}

var options = LoadOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync($"Sigilum.Load: {error}\n\n{LoadOptions.Usage}").ConfigureAwait(false);
    return 64;
}

var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var client = ClientFactory.Create(options, out var identity);
using (identity)
{
    if (options.UntilStatus is not null)
    {
        var watch = await new StatusWatch(options, client, TimeProvider.System).RunAsync(cancel.Token).ConfigureAwait(false);
        Console.WriteLine(JsonSerializer.Serialize(watch, json));
        return watch.Seen ? 0 : 1;
    }

    LoadResult result;
    if (options.McpTool is not null)
    {
        var senders = Enumerable.Range(0, options.Connections).Select(_ => new McpToolSender(options, client)).ToList();
        try
        {
            result = await new LoadRunner(options, i => senders[i].SendAsync).RunAsync(cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
    else
    {
        result = await new LoadRunner(options, client).RunAsync(cancel.Token).ConfigureAwait(false);
    }
    if (options.Json)
    {
        Console.WriteLine(JsonSerializer.Serialize(result, json));
    }
    else
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{result.Url} signed={result.Signed} connections={result.Connections} duration={result.DurationSeconds}s"));
        Console.WriteLine(string.Create(inv, $"  requests {result.Requests}  ({result.RequestsPerSecond:F0}/s)  errors {result.Errors}"));
        Console.WriteLine(string.Create(inv, $"  latency  mean {result.MeanMicros / 1000:F3} ms  p50 {result.P50Micros / 1000.0:F3}  p90 {result.P90Micros / 1000.0:F3}  p99 {result.P99Micros / 1000.0:F3}  max {result.MaxMicros / 1000.0:F3} ms"));
        Console.WriteLine(string.Create(inv, $"  load tool CPU {result.ToolCpuSeconds:F1} s (whole run)"));
        if (result.Cpu is { } cpu)
        {
            Console.WriteLine(string.Create(inv, $"  CPU over the {cpu.WindowSeconds:F2} s window: machine busy {cpu.MachineBusySeconds:F2} s of {cpu.Cores * cpu.WindowSeconds:F1}"));
            foreach (var process in cpu.Processes)
            {
                Console.WriteLine(string.Create(inv, $"    {process.Name} (pid {process.Pid}): {process.CpuSeconds:F2} s, {process.MicrosPerRequest:F1} µs/request, VmHWM {process.PeakRssKiB / 1024.0:F1} MiB"));
            }
        }
        Console.WriteLine("  outcomes " + string.Join(", ", result.Outcomes.Select(o => string.Create(inv, $"{o.Key}: {o.Value}"))));
    }
    return result.Requests > 0 ? 0 : 1;
}
