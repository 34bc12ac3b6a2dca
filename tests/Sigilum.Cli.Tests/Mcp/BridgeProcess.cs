using System.Collections.Concurrent;
using ModelContextProtocol.Client;
using Sigilum.Sdk.Identity;
using Sigilum.Testing;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// The built <c>sigilum</c> executable run as an MCP client runs a stdio server: <c>sigilum mcp bridge …</c> started by
/// the C# SDK's <see cref="StdioClientTransport"/> with only the environment set here (an OpenClaw-style key root, the
/// namespace, the gateway URL, an operator identity in SIGILUM_HOME that must never sign), its stderr collected.
/// </summary>
internal sealed class BridgeProcess : IDisposable
{
    public const string Namespace = "alice";

    private readonly TempDirectory _dir = new("sigilum-mcp-bridge-");

    public BridgeProcess(string gatewayUrl)
    {
        Home = Path.Combine(_dir.Path, "home");
        KeyRoot = Path.Combine(_dir.Path, "openclaw", ".sigilum", "keys");
        // The SDK's safe defaults (PATH, …) and where the runtime is, then the bridge's own settings.
        Environment = new Dictionary<string, string?>(StdioClientTransportOptions.GetDefaultEnvironmentVariables(), StringComparer.Ordinal);
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_ROOT_X64" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                Environment[name] = value;
            }
        }
        Environment["HOME"] = _dir.Path;
        Environment["SIGILUM_HOME"] = Home;
        Environment["SIGILUM_KEY_ROOT"] = KeyRoot;
        Environment["SIGILUM_NAMESPACE"] = Namespace;
        Environment["SIGILUM_GATEWAY_URL"] = gatewayUrl;
    }

    public string Home { get; }

    public string KeyRoot { get; }

    public Dictionary<string, string?> Environment { get; }

    /// <summary>Everything the bridge wrote to stderr.</summary>
    public ConcurrentQueue<string> StandardError { get; } = new();

    public static string Executable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "sigilum.exe" : "sigilum");

    public AgentKeyInfo AddAgent(string agentId) => AgentKeyDirectory.Ensure(KeyRoot, agentId);

    /// <summary>An operator identity in SIGILUM_HOME (namespace fixture-alice), which the bridge must not use.</summary>
    public void InstallOperatorIdentity()
    {
        var dir = Path.Combine(Home, "identities", "fixture-alice");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "identity.json"), TestData.FixtureIdentityJson);
    }

    /// <summary>Starts <c>sigilum mcp bridge &lt;arguments&gt;</c> and completes the MCP handshake with it.</summary>
    public async Task<McpClient> ConnectAsync(params string[] arguments)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "sigilum-mcp-bridge",
            Command = Executable,
            Arguments = ["mcp", "bridge", .. arguments],
            WorkingDirectory = _dir.Path,
            // Nothing of the test runner's environment (its own SIGILUM_* settings) reaches the bridge.
            InheritEnvironmentVariables = false,
            EnvironmentVariables = Environment,
            StandardErrorLines = StandardError.Enqueue,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await McpClient.CreateAsync(transport, cancellationToken: timeout.Token);
    }

    public void Dispose() => _dir.Dispose();
}
