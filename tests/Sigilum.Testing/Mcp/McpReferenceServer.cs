using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sigilum.Testing.Mcp;

/// <summary>
/// The real MCP reference server (<c>@modelcontextprotocol/server-everything</c>, npm) over streamable HTTP,
/// started on a free loopback port and killed on dispose. Its endpoint is <c>POST /mcp</c>; it answers every
/// call as SSE, hands out <c>mcp-session-id</c>, lists 12 tools and echoes <c>echo {"message":"hi"}</c> as
/// <c>Echo: hi</c> (spec/openclaw.md, "MCP test server"). It listens on every interface, so tests call
/// 127.0.0.1 only; its environment is cleared of anything secret because its <c>get-env</c> tool returns it.
/// Installed by scripts/npm-test-cache; a missing install fails the test with what to run, never skips it.
/// </summary>
public sealed class McpReferenceServer : IAsyncDisposable
{
    // Keep in step with scripts/npm-test-cache.
    public const string Version = "2026.8.31";

    private readonly Process _process;

    private McpReferenceServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/mcp</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/mcp");

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> (a connection's <c>base_url</c>; its <c>mcp_endpoint</c> is <c>/mcp</c>).</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server and waits (up to 30 s) until it says it listens. <paramref name="transport"/> <c>sse</c> starts
    /// the older HTTP+SSE transport instead (<c>GET /sse</c>, then <c>POST /message?sessionId=…</c>).
    /// </summary>
    public static async Task<McpReferenceServer> StartAsync(int? port = null, string transport = "streamableHttp")
    {
        var (node, entry) = Locate();
        var chosen = port ?? FreePort();
        var info = new ProcessStartInfo(node)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(entry);
        info.ArgumentList.Add(transport);
        // Only what node needs: the server's get-env tool would hand anything else to its callers.
        info.Environment.Clear();
        info.Environment["PATH"] = Path.GetDirectoryName(node) + ":/usr/bin:/bin";
        info.Environment["PORT"] = chosen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["HOME"] = Path.GetTempPath();
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            // streamableHttp says "listening on port", sse "running on port".
            if (e.Data.Contains("listening on port", StringComparison.OrdinalIgnoreCase) || e.Data.Contains("running on port", StringComparison.OrdinalIgnoreCase))
            {
                listening.TrySetResult();
            }
        }
        process.ErrorDataReceived += OnLine;
        process.OutputDataReceived += OnLine;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new McpReferenceServer(process, chosen);
        // A test host that ends without disposing (a crashed or aborted run) must not leave node listening behind it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.KillQuietly();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != listening.Task)
        {
            await server.DisposeAsync();
            string text;
            lock (output)
            {
                text = output.ToString();
            }
            throw new InvalidOperationException($"the MCP reference server did not start on port {chosen}: {text}");
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void KillQuietly()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already disposed or exited: nothing is left to stop.
        }
    }

    /// <summary>Node and server-everything's entry, from the environment scripts/test exports or the cache.</summary>
    public static (string Node, string Entry) Locate() =>
        NpmTestCache.Find("The MCP tests", "@modelcontextprotocol/server-everything@" + Version, "SIGILUM_TEST_MCP_SERVER",
            Path.Combine("mcp-server-everything-" + Version, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js"), out var problem)
        ?? throw new InvalidOperationException(problem);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
