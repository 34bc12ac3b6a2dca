using System.Text.Json.Nodes;
using Sigilum.EndToEnd.Gateway;
using Sigilum.Testing;

namespace Sigilum.EndToEnd.OpenClaw;

/// <summary>
/// Issue 14's legacy-key acceptance with real processes: an OpenAI key planted in an OpenClaw config, `sigilum up`,
/// `sigilum openclaw install`, `sigilum openclaw import-keys` → the key is in the gateway connection
/// sigilum-secure-openai and gone from the config → a signed call through /proxy is refused with a pending claim →
/// `sigilum claims approve` → the same call reaches the upstream with the imported key injected.
/// </summary>
public sealed class OpenClawImportKeysEndToEndTests : IAsyncLifetime
{
    private const string Secret = "sk-e2e-openclaw-LEGACY-7a3c9e1f0b";
    private readonly TempDirectory _home = new("sigilum-e2e-oc-");
    private SigilumProcess _sigilum = null!;
    private RecordingUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _sigilum = new SigilumProcess(Path.Combine(_home.Path, "sigilum"));
        _upstream = await RecordingUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sigilum.RunAsync("down");
        await _upstream.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task ImportKeys_PlantedKey_MovesIntoTheGatewayAndAnApprovedProxiedCallUsesIt()
    {
        var state = Path.Combine(_home.Path, "openclaw");
        Directory.CreateDirectory(state);
        var config = Path.Combine(state, "openclaw.json");
        File.WriteAllText(config, $"{{\n  // planted\n  env: {{ vars: {{ OPENAI_API_KEY: '{Secret}' }} }},\n}}\n");
        var up = await _sigilum.RunAsync("up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.ToString());
        var gateway = up.Json().GetProperty("gatewayUrl").GetString()!;

        var install = await _sigilum.RunAsync("openclaw", "install", "--mode", "local", "--non-interactive", "--openclaw-home", state);
        Assert.True(install.ExitCode == 0, install.ToString());
        var import = await _sigilum.RunAsync("openclaw", "import-keys", "--openclaw-home", state, "--json");
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(1, import.Json().GetProperty("moved").GetInt32());
        Assert.DoesNotContain(Secret, File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(File.ReadAllText(config))!["env"]?["vars"]?["OPENAI_API_KEY"]);

        // The catalogue points at api.openai.com; this test's upstream stands in for it.
        var update = await _sigilum.RunAsync("service", "update", "sigilum-secure-openai", "--base-url", _upstream.Url.ToString().TrimEnd('/'));
        Assert.True(update.ExitCode == 0, update.ToString());
        var url = gateway + "/proxy/sigilum-secure-openai/v1/models";
        var refused = await _sigilum.RunAsync("request", "GET", url, "-i");
        Assert.Contains("403", refused.Stdout, StringComparison.Ordinal);
        Assert.Empty(_upstream.Authorization);
        var pending = await _sigilum.RunAsync("claims", "list", "--status", "pending", "--json");
        var claim = Assert.Single(pending.Json().GetProperty("claims").EnumerateArray());
        Assert.Equal("sigilum-secure-openai", claim.GetProperty("service").GetString());
        var approved = await _sigilum.RunAsync("claims", "approve", claim.GetProperty("claim_id").GetString()!);
        Assert.True(approved.ExitCode == 0, approved.ToString());

        var served = await UntilAsync(url, "200 OK");
        Assert.Contains("\"path\":\"/v1/models\"", served.Stdout, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Secret, _upstream.Authorization[^1]);
        foreach (var run in new[] { install, import, update, refused, pending, approved })
        {
            Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>An approval is pushed to the gateway; the CLI may be faster than the push on a loaded machine.</summary>
    private async Task<SigilumProcess.Run> UntilAsync(string url, string expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = await _sigilum.RunAsync("request", "GET", url, "-i");
            if (run.Stdout.Contains(expected, StringComparison.Ordinal) || attempt == 20)
            {
                return run;
            }
            await Task.Delay(50);
        }
    }
}
