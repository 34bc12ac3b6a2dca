using System.Globalization;
using Sigilum.LoadKit.Cpu;
using Sigilum.LoadKit.Probes;

namespace Sigilum.Load;

/// <summary>Command line of the load tool; see <see cref="Usage"/>.</summary>
internal sealed class LoadOptions
{
    public static readonly string Usage = $$"""
        Sigilum.Load — closed-loop HTTP load generator (DESIGN §6).

          Sigilum.Load --url <url> [--connections 16] [--duration 15] [--warmup 3] [--sign] [--home <dir>]
                       [--namespace <ns>] [--cpu-pid <name>=<pid>]... [--json]
          Sigilum.Load --url <url> --sign --until-status 403 [--max-seconds 30] [--ready-file <path>] [--json]
          Sigilum.Load ... [--method POST --body '<json>']       (HTTP mode: another method, a JSON body)
          Sigilum.Load --url <mcp endpoint> --mcp-tool <name> [--mcp-arguments '<json object>'] ...
        {{ProbeCommand.UsageFor("Sigilum.Load")}}

        Load mode: N workers, each with one request in flight, send GET <url> for the warm-up (not
        recorded) and then the duration; prints requests/s, latency percentiles and statuses.
        --sign signs every request with the identity in --home / $SIGILUM_HOME (fresh created + nonce each).
        --cpu-pid (repeatable) reports that process's CPU (with its live descendants, from /proc/<pid>/stat)
        over exactly the measured window, in CPU seconds and microseconds per completed request, and its
        VmHWM; the load tool's own CPU and the machine's busy CPU are always reported.
        --method/--body: each request is <method> <url> with that body (application/json), signed when --sign.
        MCP mode (--mcp-tool): each worker opens its own MCP session (the ModelContextProtocol client over
        streamable HTTP, initialised during the warm-up and reused) and calls the tool in a loop; a result is
        200, a result with isError 520, an exception its type — the direct reference for the gateway's /mcp route.
        Watch mode (--until-status): one worker sends signed requests back to back; after its first 2xx
        it touches --ready-file, then stops at the first response with the given status and prints the
        wall-clock time (Unix ms) it was received — used to measure revocation latency.
        """;

    public required Uri Url { get; init; }
    public int Connections { get; init; } = 16;
    public double DurationSeconds { get; init; } = 15;
    public double WarmupSeconds { get; init; } = 3;
    public bool Sign { get; init; }
    public string? Home { get; init; }
    public string? Namespace { get; init; }
    public bool Json { get; init; }
    public int? UntilStatus { get; init; }
    public double MaxSeconds { get; init; } = 30;
    public string? ReadyFile { get; init; }
    public IReadOnlyList<CpuTarget> CpuTargets { get; init; } = [];
    public HttpMethod Method { get; init; } = HttpMethod.Get;
    public string? Body { get; init; }
    public string? McpTool { get; init; }
    public string McpArguments { get; init; } = "{}";

    // name=pid, each name once (it keys the JSON output).
    private static bool AddCpuTarget(List<CpuTarget> targets, string value)
    {
        if (CpuTarget.TryParse(value) is not { } target || targets.Exists(t => t.Name == target.Name))
        {
            return false;
        }
        targets.Add(target);
        return true;
    }

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are unusable.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        error = null;
        Uri? url = null;
        int connections = 16;
        double duration = 15, warmup = 3, maxSeconds = 30;
        bool sign = false, json = false;
        string? home = null, ns = null, readyFile = null, body = null, mcpTool = null;
        string method = "GET", mcpArguments = "{}";
        int? untilStatus = null;
        var cpuTargets = new List<CpuTarget>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--sign") { sign = true; continue; }
            if (name is "--json") { json = true; continue; }
            if (i + 1 >= args.Length)
            {
                error = $"unknown option or missing value: {name}";
                return null;
            }
            var value = args[++i];
            var ok = name switch
            {
                "--url" => Uri.TryCreate(value, UriKind.Absolute, out url),
                "--connections" or "-c" => int.TryParse(value, CultureInfo.InvariantCulture, out connections) && connections > 0,
                "--duration" or "-d" => double.TryParse(value, CultureInfo.InvariantCulture, out duration) && duration > 0,
                "--warmup" => double.TryParse(value, CultureInfo.InvariantCulture, out warmup) && warmup >= 0,
                "--home" => (home = value) is not null,
                "--namespace" or "-n" => (ns = value) is not null,
                "--until-status" => int.TryParse(value, CultureInfo.InvariantCulture, out var s) && (untilStatus = s) is > 0,
                "--max-seconds" => double.TryParse(value, CultureInfo.InvariantCulture, out maxSeconds) && maxSeconds > 0,
                "--ready-file" => (readyFile = value) is not null,
                "--cpu-pid" => AddCpuTarget(cpuTargets, value),
                "--method" => (method = value.ToUpperInvariant()) is { Length: > 0 },
                "--body" => (body = value) is not null,
                "--mcp-tool" => (mcpTool = value) is { Length: > 0 },
                "--mcp-arguments" => (mcpArguments = value) is { Length: > 0 },
                _ => false,
            };
            if (!ok)
            {
                error = $"bad option: {name} {value}";
                return null;
            }
        }
        if (url is null)
        {
            error = "--url is required";
            return null;
        }
        return new LoadOptions
        {
            Url = url, Connections = connections, DurationSeconds = duration, WarmupSeconds = warmup, Sign = sign,
            Home = home, Namespace = ns, Json = json, UntilStatus = untilStatus, MaxSeconds = maxSeconds, ReadyFile = readyFile,
            CpuTargets = cpuTargets, Method = new HttpMethod(method), Body = body, McpTool = mcpTool, McpArguments = mcpArguments,
        };
    }
}
