using Sigilum.Testing;

namespace Sigilum.EndToEnd.Gateway;

/// <summary>
/// Issue 4's acceptance loop with real processes: `sigilum up`, a service whose upstream is a local echo server, an
/// agent request → markdown 403 and a pending claim → `sigilum claims approve` → 200 with the secret injected upstream
/// and never shown to the agent → `sigilum claims revoke` → the next request is denied within 1 s.
/// </summary>
public sealed class SeedLoopTests : IAsyncLifetime
{
    private const string Secret = "sk-e2e-SECRET-5f1c2a9b7d";
    private readonly TempDirectory _home = new("sigilum-e2e-");
    private SigilumProcess _sigilum = null!;
    private RecordingUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _sigilum = new SigilumProcess(_home.Path);
        _upstream = await RecordingUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sigilum.RunAsync("down");
        await _upstream.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task SeedLoop_UpAddServiceClaimApproveForwardRevoke()
    {
        var up = await _sigilum.RunAsync("up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.ToString());
        var gateway = up.Json().GetProperty("gatewayUrl").GetString()!;
        Assert.Equal("registered", up.Json().GetProperty("gateway").GetProperty("registration").GetString());

        var added = await _sigilum.RunWithInputAsync(Secret, "service", "add", "--name", "echo", "--base-url", _upstream.Url.ToString().TrimEnd('/'),
            "--auth-secret-key", "api_key", "--secret", "api_key=-", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.DoesNotContain(Secret, added.Stdout + added.Stderr, StringComparison.Ordinal);

        var url = gateway + "/proxy/echo/v1/hello";
        var refused = await _sigilum.RunAsync("request", "GET", url, "-i");
        Assert.Contains("403", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("Sigilum verified your signature", refused.Stdout, StringComparison.Ordinal);
        Assert.Empty(_upstream.Authorization);

        var pending = await _sigilum.RunAsync("claims", "list", "--status", "pending", "--json");
        var claim = Assert.Single(pending.Json().GetProperty("claims").EnumerateArray());
        Assert.Equal("echo", claim.GetProperty("service").GetString());
        var claimId = claim.GetProperty("claim_id").GetString()!;

        var approved = await _sigilum.RunAsync("claims", "approve", claimId);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        var served = await UntilAsync(url, "200 OK");
        Assert.Contains("\"path\":\"/v1/hello\"", served.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, served.Stdout + served.Stderr, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Secret, _upstream.Authorization[^1]);

        var upstreamCalls = _upstream.Authorization.Count;
        var revoked = await _sigilum.RunAsync("claims", "revoke", claimId);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        // The very next request, started as soon as `claims revoke` returned, is refused: the revocation was pushed
        // to the gateway in less time than a CLI process takes to start (the in-process host test times it: < 1 s).
        var denied = await _sigilum.RunAsync("request", "GET", url, "-i");
        Assert.Contains("403", denied.Stdout, StringComparison.Ordinal);
        Assert.Contains("AUTH_CLAIM_REQUIRED", denied.Stdout, StringComparison.Ordinal);
        Assert.Equal(upstreamCalls, _upstream.Authorization.Count);
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
