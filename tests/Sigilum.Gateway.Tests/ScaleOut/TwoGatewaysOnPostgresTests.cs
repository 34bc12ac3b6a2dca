using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ScaleOut;

/// <summary>
/// Issue #18 items 1 and 3 in one process: two gateway hosts on one real PostgreSQL share replay state, connections and
/// sealed secrets, follow the same approvals, refuse with a stable code while the database is down and serve again when
/// it returns, without a restart.
/// </summary>
public sealed class TwoGatewaysOnPostgresTests(TwoGatewaysFixture fixture) : IClassFixture<TwoGatewaysFixture>
{
    [Fact]
    public async Task RPL_09_FiftyCopiesOfOneSignedRequestAcrossTwoGateways_ForwardedOnce()
    {
        var (agent, _) = await fixture.ApprovedAgentAsync();
        // Signed for the balancer's authority: both gateways receive the same bytes, as behind nginx.
        var target = new Uri(fixture.Stack.GatewayUri, "proxy/echo/once");
        var headers = RequestSigner.Sign(agent, new SignRequest { Method = "GET", Url = target.ToString() }, TimeProvider.System).Headers;
        var before = fixture.UpstreamCalls;
        using var plain = new HttpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var copy = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateways[i % 2], "proxy/echo/once"));
            copy.Headers.Host = target.Authority;
            foreach (var (name, value) in headers)
            {
                copy.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await plain.SendAsync(copy);
            return (response.StatusCode, Code: response.Headers.TryGetValues("X-Sigilum-Code", out var codes) ? codes.Single() : null);
        }));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(49, answers.Count(a => a is { StatusCode: HttpStatusCode.Forbidden, Code: "AUTH_REPLAY_DETECTED" }));
        Assert.Equal(before + 1, fixture.UpstreamCalls);
    }

    [Fact]
    public async Task ApproveAndRevoke_ReachBothGateways_WithinOneSecond()
    {
        var agent = fixture.Stack.NewAgent();
        using (var client = TwoGatewaysFixture.AgentClient(agent, fixture.Gateways[1]))
        using (await client.GetAsync("proxy/echo/first"))
        {
        }
        var clock = Stopwatch.StartNew();
        var claimId = await fixture.Stack.ApprovePendingAsync(agent);
        await TwoGatewaysFixture.WaitUntilAsync(() => fixture.BothDecide(agent, ApprovalDecision.Approved), "the approval did not reach both gateways");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the approval reached both gateways after {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        var revoked = await fixture.Stack.ControlPlane.RevokeAsync(fixture.Stack.OwnerToken, claimId);

        // ADR 0027: answered once every following gateway node confirmed it applied the revocation; both nodes count.
        Assert.Equal(2, revoked.GetProperty("propagation").GetProperty("acknowledged").GetInt32());
        foreach (var gateway in fixture.Gateways)
        {
            using var client = TwoGatewaysFixture.AgentClient(agent, gateway);
            using var denied = await client.GetAsync("proxy/echo/after-revoke");
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the revocation took {clock.ElapsedMilliseconds} ms to deny on both");
    }

    [Fact]
    public async Task SecretRotatedThroughOneGateway_InjectedByTheOtherOnItsNextRequest()
    {
        var (agent, _) = await fixture.ApprovedAgentAsync();
        const string Rotated = "sk-rotated-through-the-first-gateway-42";
        using (var admin = fixture.Stack.AdminClient())
        using (var rotated = await admin.PostAsJsonAsync("api/admin/connections/echo/rotate", new { secrets = new { api_key = Rotated }, rotated_by = "scale-out test" }))
        {
            Assert.True(rotated.IsSuccessStatusCode, await rotated.Content.ReadAsStringAsync());
        }
        using var second = TwoGatewaysFixture.AgentClient(agent, fixture.Gateways[1]);

        // The second gateway reads the row and the newly sealed version from the shared store on its next request.
        using var served = await second.GetAsync("proxy/echo/after-rotate");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("Bearer " + Rotated, fixture.LastAuthorization);
    }

    [Fact]
    public async Task STO_13_PostgresStopped_BothRefuse503WithStableCode_AndServeAgainOnceItReturns()
    {
        var (agent, _) = await fixture.ApprovedAgentAsync();
        await fixture.Postgres.StopServerAsync();
        try
        {
            foreach (var gateway in fixture.Gateways)
            {
                using var client = TwoGatewaysFixture.AgentClient(agent, gateway);
                using var refused = await client.GetAsync("proxy/echo/pg-down");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Equal("AUTH_REPLAY_STORE_UNAVAILABLE", await CodeAsync(refused));
                using var ready = await new HttpClient().GetAsync(new Uri(gateway, "health/ready"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }
            using var admin = fixture.Stack.AdminClient();
            using var listing = await admin.GetAsync("api/admin/connections");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, listing.StatusCode);
            Assert.Equal("DB_UNAVAILABLE", await CodeAsync(listing));
            Assert.DoesNotContain(fixture.Postgres.ConnectionString, await listing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Postgres.StartServerAsync();
        }

        // No restart, no retry: the very first request to each gateway after PostgreSQL is back is served.
        foreach (var gateway in fixture.Gateways)
        {
            using var client = TwoGatewaysFixture.AgentClient(agent, gateway);
            using var served = await client.GetAsync("proxy/echo/pg-back");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }
    }

    [Fact]
    public void Posture_PostgresStore_NamedWithoutTheConnectionString()
    {
        var options = new GatewayOptions { DataDirectory = fixture.Stack.DataDirectory, Store = "postgres", PostgresConnectionString = "Host=db;Password=pg-SECRET-pass" };

        var line = GatewayPosture.Describe(options, ["http://127.0.0.1:38100"]);

        Assert.Contains("store postgres (connection string set, not shown), replay state shared", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-SECRET-pass", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=db", line, StringComparison.Ordinal);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
