using System.Net;
using Sigilum.Protocol.Errors;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Upstream connection reuse end to end (docs/decisions/0030): one connection serves an agent's route
/// request after request, never another agent's, never after <c>Connection: close</c>; a pooled connection
/// the upstream closed as it was reused is replaced once for an idempotent request, never for a POST.
/// </summary>
public sealed class UpstreamPoolingTests
{
    [Fact]
    public async Task Forward_SecondRequestOfTheSameAgentAndRoute_ReusesTheUpstreamConnection()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var first = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/one"));
        using var second = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/two"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, harness.Upstream.AcceptedConnections);
        // Each request carried its own injected credential, not a connection-level one.
        Assert.All(harness.Upstream.Received, r => Assert.Equal("Bearer " + VaultHarness.Secret, r.Authorization));
        Assert.Equal(2, harness.Upstream.Received.Count);
    }

    [Fact]
    public async Task Forward_AnotherAgentOnTheSameHostAndPort_GetsItsOwnUpstreamConnection()
    {
        await using var harness = await VaultHarness.StartAsync();
        var (otherId, otherToken) = await harness.AddAgentAsync("agt_other");
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_other", otherId, TestUpstream.HostName, "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Port = harness.Upstream.Port }));

        using var agentA = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a"));
        var url = harness.Url("/b");
        using var agentB = await harness.CreateClient(otherToken).SendAsync(
            harness.Request(HttpMethod.Get, "/b", harness.Attest("GET", url, d => d with { Subject = otherId })));

        Assert.Equal(HttpStatusCode.OK, agentA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agentB.StatusCode);
        Assert.Equal(2, harness.Upstream.AcceptedConnections);
    }

    [Fact]
    public async Task Forward_UpstreamAnswersConnectionClose_ConnectionNotReused()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var first = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/close"));
        using var second = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/close"));

        Assert.Equal("closing", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, harness.Upstream.AcceptedConnections);
    }

    [Fact]
    public async Task Forward_PooledConnectionClosedAsAGetIsSent_ResentOnceOnANewConnection()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { InsecureAllowPlainHttpUpstreams = true });
        await using var upstream = new HalfKeepAliveUpstream();
        await PlainRouteAsync(harness, upstream);

        // A client each: the vault serves one request per plain-http agent connection.
        using var first = await harness.CreateClient().SendAsync(PlainRequest(harness, upstream, HttpMethod.Get));
        using var second = await harness.CreateClient().SendAsync(PlainRequest(harness, upstream, HttpMethod.Get));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("first", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, upstream.AcceptedConnections);
        Assert.Equal(3, upstream.Requests);
    }

    [Fact]
    public async Task Forward_PooledConnectionClosedAsAPostIsSent_NotResent502()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { InsecureAllowPlainHttpUpstreams = true });
        await using var upstream = new HalfKeepAliveUpstream();
        await PlainRouteAsync(harness, upstream);

        using var first = await harness.CreateClient().SendAsync(PlainRequest(harness, upstream, HttpMethod.Post));
        using var second = await harness.CreateClient().SendAsync(PlainRequest(harness, upstream, HttpMethod.Post));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal(ErrorCatalogue.UpstreamBadResponse, second.Headers.GetValues("X-Sigil-Vault-Error").Single());
        // The upstream saw the POST once; the vault did not send it again.
        Assert.Equal(1, upstream.AcceptedConnections);
        Assert.Equal(2, upstream.Requests);
    }

    private static async Task PlainRouteAsync(VaultHarness harness, HalfKeepAliveUpstream upstream) =>
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_plain", harness.AgentId, "plain.upstream.test", "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Scheme = RouteConfig.Http, Port = upstream.Port }));

    private static HttpRequestMessage PlainRequest(VaultHarness harness, HalfKeepAliveUpstream upstream, HttpMethod method)
    {
        var url = $"http://plain.upstream.test:{upstream.Port}/p";
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", harness.Attest(method.Method, url));
        return request;
    }
}
