using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// One headless <c>openclaw gateway run</c> (loopback, token auth, a free port) on a home with Sigilum installed,
/// started once per test class: it takes 20-40 s on 2 cores. Its output is kept so tests can wait for what the
/// hooks log. Stopped (process tree) on dispose.
/// </summary>
public sealed partial class OpenClawGateway : IAsyncLifetime
{
    private const string Token = "sigilum-openclaw-test-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly Lock _gate = new();
    private Process? _process;
    private Task<string>? _contextList;

    internal OpenClawHome Home { get; } = new(OpenClawInstallation.Require());

    public int Port { get; private set; }

    /// <summary>The key files right after the startup hooks ran, before any test touched the home.</summary>
    internal IReadOnlyList<string> KeyFilesAtStartup { get; private set; } = [];

    /// <summary>Agents in the config: main, and one more to prove every configured agent gets a key.</summary>
    internal static readonly string[] Agents = ["main", "helper", "ops"];

    /// <summary>The agent added to the config after the install: its key comes from the hook, not the installer.</summary>
    internal const string LaterAgent = "ops";

    /// <summary>The key files the installer wrote (for the agents the config named when it ran).</summary>
    internal IReadOnlyList<string> KeyFilesAfterInstall { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // The real installer keys the agents the config names; an agent added afterwards is the hook's to key.
        Home.WriteConfig(SigilumTestInstall.UserConfig([.. Agents.Where(a => a != LaterAgent)]));
        await SigilumTestInstall.InstallSigilumAsync(Home);
        KeyFilesAfterInstall = KeyFiles();
        var config = Home.ReadConfig();
        config["agents"]!["entries"]![LaterAgent] = new JsonObject();
        Home.WriteConfig(config);
        Port = FreePort();
        var info = ChildProcess.StartInfo(
            Home.Installation.Node,
            [Home.Installation.OpenClawEntry, "gateway", "run", "--allow-unconfigured", "--bind", "loopback", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--auth", "token"],
            Home.Environment(new Dictionary<string, string?> { ["OPENCLAW_GATEWAY_TOKEN"] = Token }),
            Home.HomeDirectory);
        _process = Process.Start(info) ?? throw new InvalidOperationException("openclaw gateway run did not start.");
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitForLogAsync(line => line.Contains("[gateway] ready", StringComparison.Ordinal), StartTimeout);
        // gateway:startup is scheduled after "ready": the plugin logs one line per key it creates.
        await WaitForLogAsync(line => line.Contains($"[sigilum-plugin] New Sigilum key for agent {LaterAgent} ", StringComparison.Ordinal), StartTimeout);
        KeyFilesAtStartup = KeyFiles();
    }

    private List<string> KeyFiles() => Directory.EnumerateFiles(Home.KeyRoot, "*", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(Home.KeyRoot, path)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Waits until the gateway printed the <paramref name="occurrence"/>-th line that matches, counting lines printed
    /// before the call too (pass the current count + 1 to wait for a new one).
    /// </summary>
    internal Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout, int occurrence = 1)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var earlier = _lines.Where(match).ToList();
            if (earlier.Count >= occurrence)
            {
                return Task.FromResult(earlier[occurrence - 1]);
            }
            var remaining = occurrence - earlier.Count;
            _waiters.Add((line => match(line) && --remaining == 0, seen));
        }
        return seen.Task.WaitAsync(timeout).ContinueWith(
            task => task.IsCompletedSuccessfully ? task.Result
                : throw new TimeoutException($"The OpenClaw gateway did not log the expected line within {timeout.TotalSeconds:0} s. Its output:\n{Log}"),
            TaskScheduler.Default);
    }

    /// <summary>How many lines printed so far match.</summary>
    internal int CountLog(Func<string, bool> match)
    {
        lock (_gate)
        {
            return _lines.Count(match);
        }
    }

    /// <summary>Everything the gateway printed so far.</summary>
    internal string Log
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>
    /// Sends <c>/context list</c> to agent main's session once (later calls share the answer) and returns OpenClaw's
    /// reply from the chat history. Sending fires <c>message:received</c>; answering it builds the agent's context,
    /// which fires <c>agent:bootstrap</c>.
    /// </summary>
    internal Task<string> ContextListAsync()
    {
        lock (_gate)
        {
            return _contextList ??= SendContextListAsync();
        }
    }

    private async Task<string> SendContextListAsync()
    {
        const string session = "agent:main:main";
        await CallAsync("chat.send", new JsonObject { ["sessionKey"] = session, ["message"] = "/context list", ["idempotencyKey"] = "sigilum-context-list" });
        // chat.send returns when the run started; the reply lands in the history shortly after. Each look is a
        // whole `openclaw gateway call` (seconds), so a handful of looks covers a slow machine.
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var history = await CallAsync("chat.history", new JsonObject { ["sessionKey"] = session });
            var reply = history["messages"]?.AsArray()
                .Where(m => m?["role"]?.GetValue<string>() == "assistant")
                .SelectMany(m => m!["content"] is JsonArray parts ? parts.Select(p => p?["text"]?.GetValue<string>()) : [m["content"]?.GetValue<string>()])
                .FirstOrDefault(text => text?.Contains("Injected workspace files", StringComparison.Ordinal) == true);
            if (reply is not null)
            {
                return reply;
            }
        }
        throw new TimeoutException($"OpenClaw did not answer /context list. Its output:\n{Log}");
    }

    /// <summary><c>openclaw gateway call &lt;method&gt; --params &lt;json&gt; --json</c> against this gateway.</summary>
    internal async Task<JsonNode> CallAsync(string method, JsonObject parameters)
    {
        var result = await Home.RunAsync(
            ["gateway", "call", method, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--params", parameters.ToJsonString(), "--timeout", "60000", "--json"],
            new Dictionary<string, string?> { ["OPENCLAW_GATEWAY_TOKEN"] = Token });
        Assert.True(result.ExitCode == 0, $"gateway call {method}: {result}");
        return OpenClawHome.ParseJson(result);
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        Home.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        line = AnsiEscape().Replace(line, "");
        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                matched.Add(waiter.Seen);
                _waiters.Remove(waiter);
            }
        }
        foreach (var seen in matched)
        {
            seen.TrySetResult(line);
        }
    }

    [GeneratedRegex("\x1b\\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
