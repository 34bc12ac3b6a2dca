using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Agents;

/// <summary>
/// A <see cref="CliHarness"/> set up as OpenClaw runs the helper: an OpenClaw state dir with a key root, the
/// environment the installer writes (namespace, gateway URL, key root) and a <see cref="FakeGateway"/> transport.
/// </summary>
internal sealed class AgentHarness : IDisposable
{
    public const string Namespace = "alice";
    public const string GatewayUrl = "http://127.0.0.1:38100";

    public AgentHarness()
    {
        StateDirectory = Path.Combine(Cli.WorkDirectory, "openclaw");
        KeyRoot = Path.Combine(StateDirectory, ".sigilum", "keys");
        Cli.Environment["SIGILUM_NAMESPACE"] = Namespace;
        Cli.Environment["SIGILUM_GATEWAY_URL"] = GatewayUrl;
        Cli.Environment["SIGILUM_KEY_ROOT"] = KeyRoot;
        Cli.CreateHttpHandler = () => Gateway;
    }

    public CliHarness Cli { get; } = new();

    public FakeGateway Gateway { get; } = new();

    public string StateDirectory { get; }

    public string KeyRoot { get; }

    public string HintsFile => Path.Combine(StateDirectory, ".sigilum", OpenClawLocations.HintsFileName);

    public AgentKeyInfo AddAgent(string agentId) => AgentKeyDirectory.Ensure(KeyRoot, agentId);

    public Task<CliRun> RunAsync(params string[] args) => Cli.RunAsync(["agent", .. args]);

    public void Dispose() => Cli.Dispose();
}
