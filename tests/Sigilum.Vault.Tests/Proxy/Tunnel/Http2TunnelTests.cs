using System.Net;
using System.Net.Security;
using Sigilum.Vault.Cli.Audit;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// HTTP/2 inside the intercepted tunnel (ALPN h2, docs/decisions/0017): real HttpClients that
/// require HTTP/2, real TLS to the vault and from the vault to the (HTTP/1.1) upstream.
/// </summary>
public sealed class Http2TunnelTests
{
    private static HttpRequestMessage H2(HttpRequestMessage request)
    {
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return request;
    }

    private static HttpClient CreateH2Client(VaultHarness harness, bool multipleConnections = false)
    {
        var client = harness.CreateClient(multipleHttp2Connections: multipleConnections);
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return client;
    }

    [Fact]
    public async Task Request_OverH2_CredentialInjectedAndResponseIsHttp2()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);

        using var response = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Post, "/echo?key=v")));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var received = Assert.Single(harness.Upstream.Received);
        Assert.Equal("Bearer " + VaultHarness.Secret, received.Authorization);
        Assert.Equal($"{TestUpstream.HostName}:{harness.Upstream.Port}", received.Host);
        Assert.Equal("?key=v", received.Query);
        Assert.False(received.HadAttestation);
        Assert.False(received.HadProxyAuthorization);
        // The upstream echoed the credential: scrubbed on the way back, as on HTTP/1.1.
        Assert.DoesNotContain(VaultHarness.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultHarness.Secret, string.Join(",", response.Headers.GetValues("X-Echo")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_OverH2WithBody_BodyForwardedAndReleaseAudited()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);
        using var request = H2(harness.AttestedRequest(HttpMethod.Post, "/upload"));
        request.Content = new StringContent("payload-123");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok payload-123", await response.Content.ReadAsStringAsync());
        Assert.Equal("payload-123", Assert.Single(harness.Upstream.Received).Body);
        await harness.Host.DisposeAsync();
        harness.MarkStopped();
        var log = await File.ReadAllTextAsync(AuditFiles.LogPath(harness.Paths));
        Assert.Contains("\"outcome\":\"ok\"", log, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/upload\"", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_ClientOffersH2_AlpnNegotiatesH2()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        await raw.ConnectAsync($"{TestUpstream.HostName}:{harness.Upstream.Port}", harness.Token);

        await raw.StartTlsAsync(TestUpstream.HostName, harness, [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]);

        Assert.Equal(SslApplicationProtocol.Http2, ((SslStream)raw.Stream).NegotiatedApplicationProtocol);
    }

    [Fact]
    public async Task Request_OverH2WithoutAttestation_Refused403GateCode()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);

        using var response = await client.SendAsync(H2(harness.Request(HttpMethod.Get, "/x", attestation: null)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("ATTESTATION_MISSING", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Contains("ATTESTATION_MISSING", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Fact]
    public async Task Request_OverH2WithAttestationForAnotherUrl_Refused403()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);

        // The intent is recomputed from :method and https://:authority:path: an attestation for another path does not fit.
        using var response = await client.SendAsync(H2(harness.Request(HttpMethod.Get, "/x", harness.Attest("GET", harness.Url("/y")))));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ATTESTATION_INTENT_MISMATCH", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_06_H2AuthorityDifferentFromConnectHost_Refused403HostMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        await raw.ConnectAsync($"{TestUpstream.HostName}:{harness.Upstream.Port}", harness.Token);
        await raw.StartTlsAsync(TestUpstream.HostName, harness, [SslApplicationProtocol.Http2]);
        // HTTP/2 with prior knowledge over the tunnel we opened: SNI and CONNECT say api.upstream.test, :authority says other.
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectCallback = (_, _) => ValueTask.FromResult(raw.Stream) };
        using var client = new HttpClient(handler);
        var url = $"http://other.upstream.test:{harness.Upstream.Port}/x";
        using var request = H2(new HttpRequestMessage(HttpMethod.Get, url));
        request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", harness.Attest("GET", url));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("HOST_MISMATCH", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Fact]
    public async Task PRX_06_H2AuthorityWithOtherPort_Refused403HostMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);
        using var request = H2(harness.AttestedRequest(HttpMethod.Get, "/x"));
        // Same name (so SNI still matches), another port: the :authority is not the CONNECT authority.
        request.Headers.Host = $"{TestUpstream.HostName}:{harness.Upstream.Port + 1}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("HOST_MISMATCH", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Requests_TwoConcurrentStreamsOnOneTunnel_BothSucceed()
    {
        // One tunnel per agent: a second CONNECT would get 429, so both streams share the first.
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxTunnelsPerAgent = 1 });
        var client = CreateH2Client(harness);

        // The upstream answers /pair only once both requests are in flight together.
        var first = client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/pair")));
        var second = client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/pair")));
        using var a = await first;
        using var b = await second;

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal("paired", await a.Content.ReadAsStringAsync());
        Assert.Equal("paired", await b.Content.ReadAsStringAsync());
        Assert.All(harness.Upstream.Received, r => Assert.Equal("Bearer " + VaultHarness.Secret, r.Authorization));
    }

    [Fact]
    public async Task Stream_OverH2_FirstChunkArrivesBeforeUpstreamWritesMore()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);

        // /stall writes one line and then never writes again: the line can only arrive if it is relayed as it comes.
        using var response = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/stall")), HttpCompletionOption.ResponseHeadersRead);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("first", await body.ReadLineAsync());
    }

    [Fact]
    public async Task Stream_OverH2SilentLongerThanIdleTimeout_StreamResetAndOutcomeRecorded()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { StreamIdleTimeout = TimeSpan.FromSeconds(1) });
        var client = CreateH2Client(harness);

        using var response = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/stall")), HttpCompletionOption.ResponseHeadersRead);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("first", await body.ReadLineAsync());

        // Reset, not ended: a cut body must not look complete (PRX-14).
        await Assert.ThrowsAnyAsync<IOException>(() => body.ReadToEndAsync());

        await harness.Host.DisposeAsync();
        harness.MarkStopped();
        var log = await File.ReadAllTextAsync(AuditFiles.LogPath(harness.Paths));
        Assert.Contains("\"outcome\":\"stream_idle_timeout\"", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_RefusedStreamBesideOpenStream_TunnelKeepsServing()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxTunnelsPerAgent = 1 });
        var client = CreateH2Client(harness);
        using var open = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/stall")), HttpCompletionOption.ResponseHeadersRead);
        using var openBody = new StreamReader(await open.Content.ReadAsStreamAsync());
        Assert.Equal("first", await openBody.ReadLineAsync());

        using var refused = await client.SendAsync(H2(harness.Request(HttpMethod.Get, "/x", attestation: null)));
        using var accepted = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/after")));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("ok ", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PRX_21_StreamsBeyondMaxStreamsPerTunnel_ClientMustOpenAnotherTunnel()
    {
        // One stream per tunnel, one tunnel per agent: the client may not open a second stream on the
        // tunnel (SETTINGS_MAX_CONCURRENT_STREAMS = 1), so it opens a second tunnel, which is refused.
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxStreamsPerTunnel = 1, MaxTunnelsPerAgent = 1 });
        var client = CreateH2Client(harness, multipleConnections: true);
        using var open = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/stall")), HttpCompletionOption.ResponseHeadersRead);
        using var openBody = new StreamReader(await open.Content.ReadAsStreamAsync());
        Assert.Equal("first", await openBody.ReadLineAsync());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/x"))));

        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        Assert.Single(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_11_H2BodyWithoutLengthBeyondLimit_Refused413()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxRequestBodyBytes = 1024 });
        var client = CreateH2Client(harness);
        using var request = H2(harness.AttestedRequest(HttpMethod.Post, "/upload"));
        request.Content = new StringContent(new string('a', 4096));
        // No content-length: the body is counted as it arrives.
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("BODY_TOO_LARGE", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
    }

    [Fact]
    public async Task PRX_11_H2StatedLengthBeyondLimit_Refused413BeforeCredential()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxRequestBodyBytes = 1024 });
        var client = CreateH2Client(harness);
        using var request = H2(harness.AttestedRequest(HttpMethod.Post, "/upload"));
        request.Content = new StringContent(new string('a', 4096));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("BODY_TOO_LARGE", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.FetchCount);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Request_OverH2BackendSlowerThanBudget_Refused504AndNothingForwarded()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            RequestBudget = TimeSpan.FromSeconds(1),
            BeforeFetch = ct => Task.Delay(Timeout.Infinite, ct),
        });
        var client = CreateH2Client(harness);

        using var response = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/x")));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("BACKEND_TIMEOUT", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task JWT_19_H2AgentRevokedAfterConnect_NextStreamRefused403()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = CreateH2Client(harness);
        using var first = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/x")));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        Assert.True(await harness.Store.RevokeAgentAsync(harness.AgentId));
        using var second = await client.SendAsync(H2(harness.AttestedRequest(HttpMethod.Get, "/x")));

        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Equal("AGENT_REVOKED", second.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Single(harness.Upstream.Received);
    }

    [Fact]
    public async Task Request_Http11Client_StillServedAsHttp11()
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("Bearer " + VaultHarness.Secret, Assert.Single(harness.Upstream.Received).Authorization);
    }
}
