using Sigilum.EndToEnd.Gateway;
using Sigilum.Sdk.Identity;
using Sigilum.Testing;

namespace Sigilum.EndToEnd.Agents;

/// <summary>
/// Issue 14's acceptance loop for the agent helper, with real processes: `sigilum up`, a service whose upstream is a
/// local echo server, an OpenClaw agent's own key (created as the installer creates it) → the helper, run with the
/// environment OpenClaw gives skill helpers, gets 403 and APPROVAL_REQUIRED with the agent named → the pending claim
/// names the agent → `sigilum claims approve` → the same call gets 200 with the secret injected upstream and never
/// shown to the agent. How the helper is started is <see cref="RunHelperAsync"/>: one variant runs `sigilum agent`,
/// another can run the installed skill's wrapper script.
/// </summary>
public abstract class AgentHelperLoop : IAsyncLifetime
{
    private const string Secret = "sk-e2e-AGENT-SECRET-3d9e71c4";
    private const string AgentId = "research";
    private readonly TempDirectory _home = new("sigilum-e2e-agent-");
    private readonly TempDirectory _openClaw = new("sigilum-e2e-openclaw-");
    private RecordingUpstream _upstream = null!;

    /// <summary>The operator's CLI (its own home: identity, owner token, the local stack).</summary>
    private protected SigilumProcess Sigilum { get; private set; } = null!;

    /// <summary>The OpenClaw state directory the agent's keys live under.</summary>
    protected string StateDirectory => _openClaw.Path;

    private string KeyRoot => Path.Combine(_openClaw.Path, ".sigilum", "keys");

    /// <summary>
    /// Runs the helper as an OpenClaw agent would (`tools|call|proxy …` as <paramref name="args"/>) with the environment
    /// OpenClaw gives a skill helper (<paramref name="environment"/>: SIGILUM_NAMESPACE, SIGILUM_GATEWAY_URL,
    /// SIGILUM_KEY_ROOT, OPENCLAW_AGENT_ID, and a SIGILUM_HOME without the operator's identity).
    /// </summary>
    private protected abstract Task<SigilumProcess.Run> RunHelperAsync(IReadOnlyDictionary<string, string> environment, params string[] args);

    /// <summary>The agent whose key signs (its id is what the claim must name).</summary>
    protected const string Agent = AgentId;

    /// <summary>Where agent keys live: <c>&lt;state&gt;/.sigilum/keys</c>.</summary>
    protected string AgentKeyRoot => KeyRoot;

    /// <summary>
    /// Gives the agent its key once the local stack runs (namespace, gateway and control-plane URLs from `sigilum up`).
    /// By default the key is created as the installer creates it; a variant may run the real installer instead.
    /// </summary>
    private protected virtual Task<AgentKeyInfo> PrepareAgentAsync(string ns, string gatewayUrl, string apiUrl) =>
        Task.FromResult(AgentKeyDirectory.Ensure(KeyRoot, AgentId));

    public async Task InitializeAsync()
    {
        Sigilum = new SigilumProcess(_home.Path);
        _upstream = await RecordingUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Sigilum.RunAsync("down");
        await _upstream.DisposeAsync();
        _home.Dispose();
        _openClaw.Dispose();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AgentLoop_OwnKeyClaimNamesAgentApproveThenInjected()
    {
        var up = await Sigilum.RunAsync("up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.ToString());
        var ns = up.Json().GetProperty("namespace").GetString()!;
        var gateway = up.Json().GetProperty("gatewayUrl").GetString()!;
        var added = await Sigilum.RunWithInputAsync(Secret, "service", "add", "--name", "echo", "--base-url", _upstream.Url.ToString().TrimEnd('/'),
            "--auth-secret-key", "api_key", "--secret", "api_key=-", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());

        var key = await PrepareAgentAsync(ns, gateway, up.Json().GetProperty("apiUrl").GetString()!);
        var agentHome = Path.Combine(_openClaw.Path, "agent-sigilum-home");
        var environment = new Dictionary<string, string>
        {
            ["SIGILUM_NAMESPACE"] = ns,
            ["SIGILUM_GATEWAY_URL"] = gateway,
            ["SIGILUM_KEY_ROOT"] = KeyRoot,
            ["OPENCLAW_STATE_DIR"] = _openClaw.Path,
            ["OPENCLAW_AGENT_ID"] = AgentId,
            // The agent's process has no operator identity to fall back on: only its own key can sign.
            ["SIGILUM_HOME"] = agentHome,
        };

        var refused = await RunHelperAsync(environment, "proxy", "echo", "GET", "/v1/x");
        Assert.True(refused.ExitCode == 0, refused.ToString());
        Assert.StartsWith("HTTP_STATUS=403\n", refused.Stdout, StringComparison.Ordinal);
        var fields = Fields(refused.Stdout);
        Assert.Equal("true", fields["APPROVAL_REQUIRED"]);
        Assert.Equal(AgentId, fields["APPROVAL_AGENT_ID"]);
        Assert.Equal(ns, fields["APPROVAL_NAMESPACE"]);
        Assert.Equal(AgentId, fields["APPROVAL_SUBJECT"]);
        Assert.Equal(key.PublicKeyText, fields["APPROVAL_PUBLIC_KEY"]);
        Assert.Equal("echo", fields["APPROVAL_SERVICE"]);
        Assert.Contains("- Agent ID: " + AgentId, refused.Stdout, StringComparison.Ordinal);
        Assert.Empty(_upstream.Authorization);

        var pending = await Sigilum.RunAsync("claims", "list", "--status", "pending", "--json");
        var claim = Assert.Single(pending.Json().GetProperty("claims").EnumerateArray());
        Assert.Equal(fields["APPROVAL_CLAIM_ID"], claim.GetProperty("claim_id").GetString());
        Assert.Equal(key.PublicKeyText, claim.GetProperty("public_key").GetString());
        Assert.Equal(AgentId, claim.GetProperty("agent_id").GetString());
        Assert.Equal(AgentId, claim.GetProperty("agent_name").GetString());
        Assert.Equal(AgentId, claim.GetProperty("subject").GetString());
        var table = await Sigilum.RunAsync("claims", "list", "--status", "pending");
        Assert.Contains(" " + AgentId + " ", table.Stdout, StringComparison.Ordinal);

        var approved = await Sigilum.RunAsync("claims", "approve", fields["APPROVAL_CLAIM_ID"]);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        var served = await UntilAsync(environment, "HTTP_STATUS=200\n");
        Assert.StartsWith("HTTP_STATUS=200\n", served.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/v1/x\"", served.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("APPROVAL_", served.Stdout, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Secret, _upstream.Authorization[^1]);
        var seed = File.ReadAllText(Directory.GetFiles(key.Folder, "*.key").Single()).Trim();
        foreach (var run in new[] { refused, served })
        {
            Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(seed, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }

        // The agent's key files: the private half 0600, its folder and the key root 0700 (the public half 0644, as Sigilum's).
        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(Owner | UnixFileMode.UserExecute, File.GetUnixFileMode(KeyRoot));
        Assert.Equal(Owner | UnixFileMode.UserExecute, File.GetUnixFileMode(key.Folder));
        Assert.Equal(Owner, File.GetUnixFileMode(Directory.GetFiles(key.Folder, "*.key").Single()));
        Assert.Equal(Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Directory.GetFiles(key.Folder, "*.pub").Single()));
        Assert.False(Directory.Exists(Path.Combine(agentHome, "identities")));
    }

    /// <summary>The <c>NAME=value</c> lines of the helper's output.</summary>
    private static Dictionary<string, string> Fields(string stdout) =>
        stdout.Split('\n')
            .Where(line => line.StartsWith("APPROVAL_", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    /// <summary>An approval is pushed to the gateway; the helper may be faster than the push on a loaded machine.</summary>
    private async Task<SigilumProcess.Run> UntilAsync(IReadOnlyDictionary<string, string> environment, string expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = await RunHelperAsync(environment, "proxy", "echo", "GET", "/v1/x");
            if (run.Stdout.StartsWith(expected, StringComparison.Ordinal) || attempt == 20)
            {
                return run;
            }
            await Task.Delay(50);
        }
    }
}
