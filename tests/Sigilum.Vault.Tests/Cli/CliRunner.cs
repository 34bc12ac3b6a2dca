using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli;

/// <summary>Runs <c>sigil-vault</c> in-process with a private home and environment.</summary>
internal sealed class CliRunner(string home, IReadOnlyDictionary<string, string>? variables = null, Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? resolve = null)
{
    public Action<int>? ProxyReady { get; set; }

    /// <summary>The machine <c>service …</c> and doctor see; by default one with no units and no systemd, apart from the host's.</summary>
    public Sigilum.CommandLine.Services.ServiceSystem Services { get; set; } = new()
    {
        UnitDirectory = Path.Combine(home, "systemd-units"),
        SystemdRunDirectory = Path.Combine(home, "no-systemd"),
    };

    public async Task<(int Exit, string Out, string Err)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new VaultCliEnvironment
        {
            GetVariable = name => name == "SIGILUM_HOME" ? home : variables?.GetValueOrDefault(name),
            Resolve = resolve,
            ProxyReady = ProxyReady,
            Services = Services,
        };
        var exit = await VaultCliApp.RunAsync(args, stdout, stderr, environment, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<JsonNode> JsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync([.. args, "--json"]);
        Assert.True(exit == 0, $"sigil-vault {string.Join(' ', args)} exited {exit}: {error}");
        return JsonNode.Parse(output)!;
    }
}
