using System.Net;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>The proxy's own checks (DESIGN §2 order), each failing alone: token, target, TLS name, Host, revocation, budget.</summary>
public sealed class ProxyRefusalTests
{
    private static string Authority(VaultHarness harness, string host = TestUpstream.HostName) => $"{host}:{harness.Upstream.Port}";

    [Fact]
    public async Task JWT_18_ConnectWithoutToken_Refused407WithChallenge()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(Authority(harness), token: null);

        Assert.StartsWith("HTTP/1.1 407 ", head, StringComparison.Ordinal);
        Assert.Contains("Proxy-Authenticate: Basic realm=\"sigil-vault\"", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: PROXY_AUTH_REQUIRED", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JWT_18_ConnectWithUnknownToken_Refused407()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(Authority(harness), "svt_not-a-real-token");

        Assert.StartsWith("HTTP/1.1 407 ", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JWT_18_ConnectWithRevokedAgentsToken_Refused407()
    {
        await using var harness = await VaultHarness.StartAsync();
        Assert.True(await harness.Store.RevokeAgentAsync(harness.AgentId));
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(Authority(harness), harness.Token);

        Assert.StartsWith("HTTP/1.1 407 ", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithBearerToken_Accepted()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        await client.SendAsync($"CONNECT {Authority(harness)} HTTP/1.1\r\nHost: {Authority(harness)}\r\nProxy-Authorization: Bearer {harness.Token}\r\n\r\n");
        var head = await new StreamReader(client.Stream).ReadLineAsync();

        Assert.Equal("HTTP/1.1 200 Connection Established", head);
    }

    [Fact]
    public async Task HttpClient_WithoutCredentials_Gets407()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient(useToken: false);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x")));

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, error.StatusCode);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_20_HostWithoutRoute_Refused403NoRouteNeverTunnelledBlind()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(Authority(harness, "other.upstream.test"), harness.Token);

        Assert.StartsWith("HTTP/1.1 403 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: NO_ROUTE", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_02_HostResolvingToLoopback_RouteWithoutPrivateNetwork_Refused403EgressDenied()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { AllowPrivateNetwork = false });
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(Authority(harness), harness.Token);

        Assert.StartsWith("HTTP/1.1 403 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: EGRESS_DENIED", head, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.0.1")]
    public async Task PRX_01_PrivateAddressLiteral_WithRouteNotAllowingPrivate_Refused403EgressDenied(string address)
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RouteHost = address, AllowPrivateNetwork = false, RoutePort = 443 });
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(address + ":443", harness.Token);

        Assert.Contains("X-Sigil-Vault-Error: EGRESS_DENIED", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2130706433:443")]
    [InlineData("0x7f.1:443")]
    [InlineData("127.1:443")]
    [InlineData("api.upstream.test:0")]
    [InlineData("api.upstream.test:65536")]
    [InlineData("api.upstream.test:abc")]
    [InlineData("api.upstream.test.:443")]
    public async Task PRX_03_ObfuscatedOrAmbiguousAuthority_Refused400(string authority)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await client.ConnectAsync(authority, harness.Token);

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: BAD_AUTHORITY", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_06_SniDifferentFromConnectHost_HandshakeRefused()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);
        Assert.StartsWith("HTTP/1.1 200 ", await client.ConnectAsync(Authority(harness), harness.Token), StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => client.StartTlsAsync("evil.upstream.test", harness));

        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_06_HostHeaderDifferentFromConnectAuthority_Refused403HostMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);
        await client.ConnectAsync(Authority(harness), harness.Token);
        await client.StartTlsAsync(TestUpstream.HostName, harness);
        var attestation = harness.Attest("GET", harness.Url("/x"));

        await client.SendAsync($"GET /x HTTP/1.1\r\nHost: other.upstream.test:{harness.Upstream.Port}\r\nX-Sigil-Attestation: {attestation}\r\n\r\n");
        var response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 403 ", response, StringComparison.Ordinal);
        Assert.Contains("HOST_MISMATCH", response, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Theory]
    [InlineData("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked, identity\r\n")]
    [InlineData("Transfer-Encoding: xchunked\r\n")]
    [InlineData("Content-Length: 3\r\nContent-Length: 4\r\n")]
    public async Task PRX_08_AmbiguousFraming_Refused400BeforeGate(string framing)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await RawProxyClient.OpenAsync(harness.Host.Port);
        await client.ConnectAsync(Authority(harness), harness.Token);
        await client.StartTlsAsync(TestUpstream.HostName, harness);
        var attestation = harness.Attest("POST", harness.Url("/x"));

        await client.SendAsync($"POST /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Sigil-Attestation: {attestation}\r\n{framing}\r\nabc");
        var response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task JWT_19_AgentRevokedAfterConnect_NextRequestInTunnelRefused403()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();
        using (var first = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        Assert.True(await harness.Store.RevokeAgentAsync(harness.AgentId));

        using var second = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b"));

        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Equal("AGENT_REVOKED", second.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Single(harness.Upstream.Received);
    }

    [Fact]
    public async Task Route_AddedWhileRunning_AppliesToNextRequestWithoutRestart()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RoutePath = "/v1/*" });
        var client = harness.CreateClient();
        using (var before = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v2/x")))
        {
            Assert.Equal("NO_ROUTE", before.Headers.GetValues("X-Sigil-Vault-Error").Single());
        }
        await harness.Store.AddRouteAsync(new RouteConfig("rt_2", harness.AgentId, TestUpstream.HostName, "/v2/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Port = harness.Upstream.Port });

        using var after = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v2/x"));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Request_BackendSlowerThanBudget_Refused504AndNothingForwarded()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            RequestBudget = TimeSpan.FromSeconds(1),
            BeforeFetch = ct => Task.Delay(Timeout.Infinite, ct),
        });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("BACKEND_TIMEOUT", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Request_BackendSecretMissing_Refused502NotForwarded()
    {
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment.Clear();
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("BACKEND_SECRET_NOT_FOUND", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Request_CredentialWithLineBreak_Refused502BackendBadSecret()
    {
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment[VaultHarness.SecretVariable] = "abc\r\nX-Injected: 1";
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x"));

        Assert.Equal("BACKEND_BAD_SECRET", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_15_UpstreamCertificateNotTrusted_Refused502UpstreamTlsFailed()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { TrustUpstreamCa = false });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("UPSTREAM_TLS_FAILED", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_13_UpstreamNeverAnswers_Refused504UpstreamTimeout()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RequestBudget = TimeSpan.FromSeconds(1) });
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/hang"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UPSTREAM_TIMEOUT", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
    }

    [Fact]
    public async Task PRX_22_GarbageInsteadOfTlsHello_ClosedAndProxyKeepsServing()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using (var raw = await RawProxyClient.OpenAsync(harness.Host.Port))
        {
            await raw.ConnectAsync(Authority(harness), harness.Token);
            await raw.SendAsync("\u0016\u0003\u0001\u0000\u0000GARBAGE\r\n\r\n");
            await raw.ReadToEndAsync();
        }

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/after"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Connect_OversizedHead_RefusedAndProxyKeepsServing()
    {
        await using var harness = await VaultHarness.StartAsync();
        string response;
        await using (var raw = await RawProxyClient.OpenAsync(harness.Host.Port))
        {
            try
            {
                await raw.SendAsync($"CONNECT {Authority(harness)} HTTP/1.1\r\nX-Big: {new string('a', 40 * 1024)}\r\n\r\n");
            }
            catch (IOException)
            {
                // The proxy may close before the whole head is written.
            }
            response = await raw.ReadToEndAsync();
        }

        // Closing with unread bytes may reset the connection before the 400 arrives; either way no tunnel.
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), response);
        using var next = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/after"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task PRX_12_AgentAtTunnelCap_Refused429()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxTunnelsPerAgent = 1 });
        await using var first = await RawProxyClient.OpenAsync(harness.Host.Port);
        Assert.StartsWith("HTTP/1.1 200 ", await first.ConnectAsync(Authority(harness), harness.Token), StringComparison.Ordinal);
        await using var second = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await second.ConnectAsync(Authority(harness), harness.Token);

        Assert.StartsWith("HTTP/1.1 429 ", head, StringComparison.Ordinal);
        Assert.Contains("TOO_MANY_TUNNELS", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_10_HeadTrickledSlowerThanHeadersTimeout_ConnectionClosed()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { HeadersTimeout = TimeSpan.FromSeconds(1) });
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        await raw.SendAsync("CONNECT api.upstream.test:443 HTTP/1.1\r\nX-Slow: ");
        var response = await raw.ReadToEndAsync();

        Assert.Equal(string.Empty, response);
    }
}
