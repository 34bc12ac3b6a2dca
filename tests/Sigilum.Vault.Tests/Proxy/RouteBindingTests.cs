using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Issue 12 item 3 (docs/decisions/0022): a credential is released only to the scheme and port its
/// route names, and only on an attestation issued to the agent whose proxy token is presented. Each
/// refusal has its own code, the real TLS upstream accepts no TCP connection at all, and the refusal is
/// a <c>vault.deny</c> record in the audit log.
/// </summary>
public sealed class RouteBindingTests
{
    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static JsonObject DenyRecord(IReadOnlyList<JsonObject> records, string code) =>
        Assert.Single(records, r => (string?)r["type"] == VaultAuditTypes.Deny && (string?)r["code"] == code);

    private static async Task<HttpResponseMessage> SendPlainAsync(VaultHarness harness, HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", harness.Attest("GET", url));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task PlainHttp_RouteSaysHttpButInsecureSwitchOff_Refused403PlainHttpRefusedNothingDialledAudited()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RouteScheme = RouteConfig.Http });
        var url = $"http://{TestUpstream.HostName}:{Port(harness.Upstream.Port)}/v1/models";

        using var response = await SendPlainAsync(harness, harness.CreateClient(), url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PLAIN_HTTP_REFUSED", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        Assert.Equal(0, harness.FetchCount);
        var deny = DenyRecord(await harness.StopAndReadAuditAsync(), "PLAIN_HTTP_REFUSED");
        Assert.Equal(harness.AgentId, (string?)deny["agent"]);
        Assert.Equal("http", (string?)deny["scheme"]);
    }

    [Fact]
    public async Task PlainHttp_InsecureSwitchOnButRouteSaysHttps_Refused403PlainHttpRefusedNothingDialledAudited()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { InsecureAllowPlainHttpUpstreams = true });
        var url = $"http://{TestUpstream.HostName}:{Port(harness.Upstream.Port)}/v1/models";

        using var response = await SendPlainAsync(harness, harness.CreateClient(), url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PLAIN_HTTP_REFUSED", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        Assert.Equal(0, harness.FetchCount);
        DenyRecord(await harness.StopAndReadAuditAsync(), "PLAIN_HTTP_REFUSED");
    }

    [Fact]
    public async Task Connect_OtherPortOfRoutedHost_Refused403RoutePortMismatchNothingDialledAudited()
    {
        // The route is for port 443; the agent asks for the same host on the port where the upstream listens.
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RoutePort = 443 });
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync($"{TestUpstream.HostName}:{Port(harness.Upstream.Port)}", harness.Token);

        Assert.StartsWith("HTTP/1.1 403", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: ROUTE_PORT_MISMATCH\r\n", head, StringComparison.Ordinal);
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        var deny = DenyRecord(await harness.StopAndReadAuditAsync(), "ROUTE_PORT_MISMATCH");
        Assert.Equal(harness.Upstream.Port, (int)deny["port"]!);
    }

    [Fact]
    public async Task Connect_RoutedPort_Accepted()
    {
        await using var harness = await VaultHarness.StartAsync();

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, harness.Upstream.AcceptedConnections);
    }

    [Fact]
    public async Task Connect_HostRoutedOnlyForHttp_Refused403RouteSchemeMismatch()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RouteScheme = RouteConfig.Http, InsecureAllowPlainHttpUpstreams = true });
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync($"{TestUpstream.HostName}:{Port(harness.Upstream.Port)}", harness.Token);

        Assert.StartsWith("HTTP/1.1 403", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: ROUTE_SCHEME_MISMATCH\r\n", head, StringComparison.Ordinal);
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        DenyRecord(await harness.StopAndReadAuditAsync(), "ROUTE_SCHEME_MISMATCH");
    }

    [Fact]
    public async Task JWT_11_AttestationOfAnotherAgent_Refused403AgentMismatchNothingDialledAuditedJtiNotBurnt()
    {
        await using var harness = await VaultHarness.StartAsync();
        var (otherId, otherToken) = await harness.AddAgentAsync("agt_other");
        // Agent B has its own route to the same host and port: only the attestation's agent is wrong.
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_other", otherId, TestUpstream.HostName, "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Port = harness.Upstream.Port }));
        var url = harness.Url("/v1/models");
        var agentAs = harness.Attest("GET", url);

        using var stolen = await harness.CreateClient(otherToken).SendAsync(harness.Request(HttpMethod.Get, "/v1/models", agentAs));

        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);
        Assert.Equal("ATTESTATION_AGENT_MISMATCH", stolen.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        Assert.Equal(0, harness.FetchCount);

        // The refusal did not consume A's jti: A can still spend its own attestation once.
        using var own = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/v1/models", agentAs));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(1, harness.Upstream.AcceptedConnections);
        var deny = DenyRecord(await harness.StopAndReadAuditAsync(), "ATTESTATION_AGENT_MISMATCH");
        Assert.Equal(otherId, (string?)deny["agent"]);
    }

    [Fact]
    public async Task JWT_11_AgentIdClaimNamesAnotherAgent_Refused403EvenWhenSubMatches()
    {
        await using var harness = await VaultHarness.StartAsync();
        var url = harness.Url("/v1/models");
        var attestation = harness.Attest("GET", url, d => d with { ExtraClaims = new JsonObject { ["agentId"] = "agt_someone_else" } });

        using var response = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/v1/models", attestation));

        Assert.Equal("ATTESTATION_AGENT_MISMATCH", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
    }

    [Fact]
    public async Task JWT_11_AttestationNamingNoAgent_Refused403AgentMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        var url = harness.Url("/v1/models");
        var attestation = harness.Attest("GET", url, d => d with { Subject = null });

        using var response = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/v1/models", attestation));

        Assert.Equal("ATTESTATION_AGENT_MISMATCH", response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
    }

    [Fact]
    public async Task AgentIdClaimNamesThisAgent_AcceptedWhateverSub()
    {
        await using var harness = await VaultHarness.StartAsync();
        var url = harness.Url("/v1/models");
        // Our control plane puts its key id in sub and the agent in agentId.
        var attestation = harness.Attest("GET", url, d => d with { Subject = "key-id-of-the-signer", ExtraClaims = new JsonObject { ["agentId"] = harness.AgentId } });

        using var response = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/v1/models", attestation));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
