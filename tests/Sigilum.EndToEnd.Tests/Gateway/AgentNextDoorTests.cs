using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Sigilum.Testing;

namespace Sigilum.EndToEnd.Gateway;

/// <summary>
/// Issue 12's acceptance on the stack a new user starts (`sigilum up`, real processes): a local process that does not
/// hold the gateway's admin token tries to re-point the approved connection at a port it listens on (and every other
/// way to redirect or replace the secret), is refused each time, and the approved agent's next request still takes
/// the secret to the real upstream only. The operator's CLI, which finds the generated token, still administers.
/// </summary>
public sealed class AgentNextDoorTests : IAsyncLifetime
{
    private const string Secret = "sk-e2e-NEXTDOOR-8c3e1f0a6b";
    private readonly TempDirectory _home = new("sigilum-e2e-nextdoor-");
    private readonly TcpListener _attacker = new(IPAddress.Loopback, 0);
    private int _attackerConnections;
    private SigilumProcess _sigilum = null!;
    private RecordingUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _sigilum = new SigilumProcess(_home.Path);
        _upstream = await RecordingUpstream.StartAsync();
        // The attacker's listener: any connection at all (even one that never sends a byte) counts.
        _attacker.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await _attacker.AcceptTcpClientAsync();
                Interlocked.Increment(ref _attackerConnections);
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _sigilum.RunAsync("down");
        _attacker.Stop();
        await _upstream.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task LocalProcessWithoutTheAdminToken_CannotRedirectTheSecret_OnTheStackUpStarts()
    {
        var up = await _sigilum.RunAsync("up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.ToString());
        var gateway = up.Json().GetProperty("gatewayUrl").GetString()!;
        Assert.True(File.Exists(Path.Combine(_home.Path, "gateway", "admin.token")), "up's gateway generated no admin token");
        var added = await _sigilum.RunWithInputAsync(Secret, "service", "add", "--name", "echo", "--base-url", _upstream.Url.ToString().TrimEnd('/'),
            "--auth-secret-key", "api_key", "--secret", "api_key=-", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());
        var url = gateway + "/proxy/echo/v1/hello";
        await _sigilum.RunAsync("request", "GET", url, "-i");
        var pending = await _sigilum.RunAsync("claims", "list", "--status", "pending", "--json");
        var claimId = Assert.Single(pending.Json().GetProperty("claims").EnumerateArray()).GetProperty("claim_id").GetString()!;
        Assert.Equal(0, (await _sigilum.RunAsync("claims", "approve", claimId)).ExitCode);

        // The agent next door: same host, no token.
        var attackerUrl = $"http://127.0.0.1:{((IPEndPoint)_attacker.LocalEndpoint).Port}";
        using var local = new HttpClient { BaseAddress = new Uri(gateway + "/") };
        await AssertRefusedAsync(local.PatchAsJsonAsync("api/admin/connections/echo", new { base_url = attackerUrl }));
        await AssertRefusedAsync(local.PostAsJsonAsync("api/admin/connections", new
        {
            id = "echo2", name = "echo2", base_url = attackerUrl, auth_secret_key = "api_key", secrets = new { api_key = "{{API_KEY}}" },
        }));
        await AssertRefusedAsync(local.PostAsJsonAsync("api/admin/credential-variables", new { key = "API_KEY", value = "attacker-chosen" }));
        await AssertRefusedAsync(local.PostAsJsonAsync("api/admin/connections/echo/rotate", new { secrets = new { api_key = "attacker-chosen" } }));
        await AssertRefusedAsync(local.DeleteAsync("api/admin/connections/echo"));

        var served = await UntilAsync(url, "200 OK");
        Assert.Contains("\"path\":\"/v1/hello\"", served.Stdout, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Secret, _upstream.Authorization[^1]);
        Assert.Equal(0, Volatile.Read(ref _attackerConnections));

        // The operator's CLI reads the generated token from the gateway's directory and still administers.
        var variable = await _sigilum.RunAsync("variable", "set", "TEAM_NOTE", "--value", "not-a-secret");
        Assert.True(variable.ExitCode == 0, variable.ToString());
        var listed = await _sigilum.RunAsync("variable", "list", "--json");
        Assert.Contains("TEAM_NOTE", listed.Stdout, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {body}");
        Assert.Contains("ADMIN_TOKEN_REQUIRED", body, StringComparison.Ordinal);
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
