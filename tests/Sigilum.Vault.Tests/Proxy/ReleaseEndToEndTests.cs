using System.Net;

namespace Sigilum.Vault.Proxy;

/// <summary>Agent → vault (CONNECT, TLS interception) → real HTTPS upstream, everything on loopback.</summary>
public sealed class ReleaseEndToEndTests
{
    private static string ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Sigil-Vault-Error", out var values) ? values.Single() : "(none)";

    [Fact]
    public async Task Get_WithValidAttestation_UpstreamReceivesCredentialAndNoAttestation()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models?limit=2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(harness.Upstream.Received);
        Assert.Equal("Bearer " + VaultHarness.Secret, received.Authorization);
        Assert.False(received.HadAttestation);
        Assert.False(received.HadProxyAuthorization);
        Assert.Equal("?limit=2", received.Query);
        Assert.Equal($"{TestUpstream.HostName}:{harness.Upstream.Port}", received.Host);
    }

    [Fact]
    public async Task Get_UpstreamEchoesCredential_AgentSeesRedactedBodyAndHeader()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/echo"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(VaultHarness.Secret, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:sigil-vault]", body, StringComparison.Ordinal);
        // The shared scrubber replaces the credential inside the value, like the gateway does.
        Assert.Equal("Bearer [REDACTED:sigil-vault]", response.Headers.GetValues("X-Echo").Single());
    }

    [Fact]
    public async Task Post_WithBody_IsForwardedWithBody()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();
        var request = harness.AttestedRequest(HttpMethod.Post, "/v1/items");
        request.Content = new StringContent("{\"a\":1}");

        using var response = await client.SendAsync(request);

        Assert.Equal("ok {\"a\":1}", await response.Content.ReadAsStringAsync());
        Assert.Equal("{\"a\":1}", Assert.Single(harness.Upstream.Received).Body);
    }

    [Fact]
    public async Task Get_StreamedResponse_ArrivesWhole()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/stream"));

        Assert.Equal("data: 0\n\ndata: 1\n\ndata: 2\n\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_QueryTemplateRoute_InjectsCredentialAsQueryParameter()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { Query = "key={{credential}}" });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/echo?x=1"));

        var received = Assert.Single(harness.Upstream.Received);
        Assert.Equal("?x=1&key=" + Uri.EscapeDataString(VaultHarness.Secret), received.Query);
        Assert.Equal(string.Empty, received.Authorization);
        Assert.DoesNotContain(VaultHarness.Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HeaderTemplateRoute_InjectsNamedHeader()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { Headers = ["Authorization=Token {{credential}}"] });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Token " + VaultHarness.Secret, Assert.Single(harness.Upstream.Received).Authorization);
    }

    [Fact]
    public async Task TwoRequests_OneTunnel_EachNeedsItsOwnAttestation()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var first = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a"));
        using var second = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, harness.Upstream.Received.Count);
        Assert.Equal("(none)", ErrorCode(second));
    }

    [Fact]
    public async Task PRX_17_UpstreamRedirects_ReturnedAsIsNeverFollowed()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await harness.CreateClient(allowAutoRedirect: false).SendAsync(harness.AttestedRequest(HttpMethod.Get, "/redirect"));
        // A client that follows it opens a new CONNECT to evil.example, which has no route (PRX-17).
        var following = await Assert.ThrowsAsync<HttpRequestException>(() => harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/redirect")));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://evil.example/collect", response.Headers.Location!.ToString());
        Assert.Contains("403", following.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Upstream.Received.Count);
    }

    [Fact]
    public async Task Head_NoBody_Succeeds()
    {
        await using var harness = await VaultHarness.StartAsync();

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Head, "/v1/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HEAD", Assert.Single(harness.Upstream.Received).Method);
    }
}
