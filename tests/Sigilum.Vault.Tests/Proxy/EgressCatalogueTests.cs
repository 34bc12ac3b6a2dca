using System.Globalization;
using System.Net;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Reliability §3.4 rows about where a tunnel may go, end to end through the proxy: DNS answered once
/// (PRX-02), never the vault itself (PRX-04), only the routed port (PRX-05), the TLS name pinned to the
/// CONNECT host (PRX-07) and the tunnel cap counted per agent (PRX-12).
/// </summary>
public sealed class EgressCatalogueTests
{
    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Authority(VaultHarness harness, string host = TestUpstream.HostName) => $"{host}:{Port(harness.Upstream.Port)}";

    [Fact]
    public async Task PRX_02_RebindingResolver_ResolvedOnceAndTheCheckedAddressDialled()
    {
        // First answer: the (loopback) upstream the route allows. Any later lookup would answer an address
        // where nothing listens: if the vault resolved again at dial time, the requests would fail.
        var lookups = 0;
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            Resolve = (_, _) => Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { IPAddress.Loopback } : [IPAddress.Parse("192.0.2.1")]),
        });
        var client = harness.CreateClient();

        using var first = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/one"));
        using var second = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/two"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, Volatile.Read(ref lookups));
        Assert.Equal(2, harness.Upstream.Received.Count);
    }

    [Fact]
    public async Task PRX_02_AnswersOnlyPrivate_RouteWithoutPrivateNetwork_Refused403EgressDeniedNothingDialled()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            AllowPrivateNetwork = false,
            Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.7"), IPAddress.Loopback, IPAddress.Parse("169.254.169.254") }),
        });
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync(Authority(harness), harness.Token);

        Assert.StartsWith("HTTP/1.1 403 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: EGRESS_DENIED\r\n", head, StringComparison.Ordinal);
        Assert.Equal(0, harness.Upstream.AcceptedConnections);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("self.upstream.test")]
    public async Task PRX_04_ConnectToTheVaultsOwnListener_Refused403SelfConnection(string host)
    {
        await using var harness = await VaultHarness.StartAsync();
        // Even a route that allows the private network and names the vault's port exactly.
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_self", harness.AgentId, host, "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Port = harness.Host.Port }));
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync($"{host}:{Port(harness.Host.Port)}", harness.Token);

        Assert.StartsWith("HTTP/1.1 403 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: SELF_CONNECTION\r\n", head, StringComparison.Ordinal);
        var records = await harness.StopAndReadAuditAsync();
        Assert.Contains(records, r => (string?)r["type"] == VaultAuditTypes.Deny && (string?)r["code"] == "SELF_CONNECTION");
    }

    [Theory]
    [InlineData("22")]
    [InlineData("25")]
    [InlineData("6379")]
    public async Task PRX_05_PortTheRouteDoesNotName_Refused403RoutePortMismatch(string port)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync($"{TestUpstream.HostName}:{port}", harness.Token);

        Assert.StartsWith("HTTP/1.1 403 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: ROUTE_PORT_MISMATCH\r\n", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task PRX_05_PortNotANumberInRange_Refused400BadAuthority(string port)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync($"{TestUpstream.HostName}:{port}", harness.Token);

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: BAD_AUTHORITY\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_07_SniUpperCase_CanonicalisedLikeTheConnectHostAndServed()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        Assert.StartsWith("HTTP/1.1 200 ", await raw.ConnectAsync(Authority(harness, "API.Upstream.TEST"), harness.Token), StringComparison.Ordinal);

        await raw.StartTlsAsync("API.UPSTREAM.TEST", harness);
        var attestation = harness.Attest("GET", harness.Url("/x"));
        await raw.SendAsync($"GET /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nConnection: close\r\nX-Sigil-Attestation: {attestation}\r\n\r\n");
        var response = await raw.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.Equal(TestUpstream.HostName + ":" + Port(harness.Upstream.Port), Assert.Single(harness.Upstream.Received).Host);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    public async Task PRX_07_NoSniForANamedHost_HandshakeRefusedNoLeafMintedAudited(string targetHost)
    {
        // .NET sends no SNI for an empty or IP-literal target host: the vault sees "SNI absent" for a named CONNECT host.
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        Assert.StartsWith("HTTP/1.1 200 ", await raw.ConnectAsync(Authority(harness), harness.Token), StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => raw.StartTlsAsync(targetHost, harness));

        Assert.Equal(0, harness.Upstream.AcceptedConnections);
        var records = await harness.StopAndReadAuditAsync();
        Assert.Contains(records, r => (string?)r["type"] == VaultAuditTypes.Deny && (string?)r["code"] == "HOST_MISMATCH" && string.IsNullOrEmpty((string?)r["sni"]));
    }

    [Fact]
    public async Task PRX_07_ConnectHostWithTrailingDot_Refused400LikeTheSni()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);

        var head = await raw.ConnectAsync(Authority(harness, TestUpstream.HostName + "."), harness.Token);

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: BAD_AUTHORITY\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_12_OneAgentAtItsTunnelCap_AnotherAgentStillServed()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { MaxTunnelsPerAgent = 1 });
        var (otherId, otherToken) = await harness.AddAgentAsync("agt_other");
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_other", otherId, TestUpstream.HostName, "/*", "env1", VaultHarness.SecretVariable,
            [], null, true, TimeProvider.System.GetUtcNow()) { Port = harness.Upstream.Port }));
        await using var held = await RawProxyClient.OpenAsync(harness.Host.Port);
        Assert.StartsWith("HTTP/1.1 200 ", await held.ConnectAsync(Authority(harness), harness.Token), StringComparison.Ordinal);
        await using var second = await RawProxyClient.OpenAsync(harness.Host.Port);
        await using var others = await RawProxyClient.OpenAsync(harness.Host.Port);

        var refused = await second.ConnectAsync(Authority(harness), harness.Token);
        var served = await others.ConnectAsync(Authority(harness), otherToken);

        Assert.StartsWith("HTTP/1.1 429 ", refused, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", served, StringComparison.Ordinal);
    }
}
