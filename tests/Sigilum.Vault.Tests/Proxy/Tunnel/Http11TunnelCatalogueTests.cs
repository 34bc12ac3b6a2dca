using System.Globalization;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// HTTP/1.1 inside the tunnel is read by the in-process Kestrel (docs/decisions/0052): every framing rule the
/// hand-written parser enforced (PRX-08 smuggling, PRX-09 chunking, PRX-10 head size and slowloris) now comes from
/// Kestrel's options and the exchange's one check, each shown here through a real tunnel.
/// </summary>
public sealed class Http11TunnelCatalogueTests
{
    private static string Authority(VaultHarness harness) => $"{TestUpstream.HostName}:{harness.Upstream.Port.ToString(CultureInfo.InvariantCulture)}";

    private static async Task<RawProxyClient> OpenTunnelAsync(VaultHarness harness)
    {
        var client = await RawProxyClient.OpenAsync(harness.Host.Port);
        await client.ConnectAsync(Authority(harness), harness.Token);
        await client.StartTlsAsync(TestUpstream.HostName, harness);
        return client;
    }

    [Theory]
    [InlineData("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n")]
    [InlineData("Transfer-Encoding: chunked, identity\r\n")]
    [InlineData("Transfer-Encoding: xchunked\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Content-Length: 3\r\nContent-Length: 4\r\n")]
    [InlineData("Content-Length: 3, 4\r\n")]
    [InlineData("Content-Length: -1\r\n")]
    [InlineData("Content-Length: 0x10\r\n")]
    [InlineData("Content-Length: 99999999999999999999\r\n")]
    [InlineData("X-Bare: a\rb\r\nContent-Length: 3\r\n")]
    public async Task PRX_08_Http11AmbiguousFramingInTunnel_Refused400NothingFetchedConnectionClosed(string framing)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await OpenTunnelAsync(harness);
        var attestation = harness.Attest("POST", harness.Url("/x"));

        await client.SendAsync($"POST /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Sigil-Attestation: {attestation}\r\n{framing}\r\nabc");
        var response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Fact]
    public async Task PRX_08_Http11LoneLfLineEndingInTunnel_Refused400NothingFetched()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await OpenTunnelAsync(harness);
        var attestation = harness.Attest("GET", harness.Url("/x"));

        await client.SendAsync($"GET /x HTTP/1.1\nHost: {Authority(harness)}\nX-Sigil-Attestation: {attestation}\n\n");
        var response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Theory]
    [InlineData("ffffffffffffffffff\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("zz\r\n")]
    [InlineData("5;ext=1\nhello\r\n0\r\n\r\n")]
    public async Task PRX_09_Http11BadChunkingInTunnel_Refused400ConnectionClosed(string body)
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await OpenTunnelAsync(harness);
        var attestation = harness.Attest("POST", harness.Url("/x"));

        await client.SendAsync($"POST /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Sigil-Attestation: {attestation}\r\nTransfer-Encoding: chunked\r\n\r\n{body}");
        var response = await client.ReadToEndAsync();

        // The connection ends after the refusal (ReadToEnd returned): nothing after the bad chunk is read as a request.
        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP/1.1 200 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PRX_09_Http11ChunkSizesWithLeadingZerosAndUpperCaseHex_Accepted()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await OpenTunnelAsync(harness);
        var attestation = harness.Attest("POST", harness.Url("/upload"));

        await client.SendAsync($"POST /upload HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Sigil-Attestation: {attestation}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            "005\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n");
        var response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.Single(harness.Upstream.Received);
    }

    [Fact]
    public async Task PRX_10_Http11HeadBeyondMaxHeadBytesInTunnel_RefusedNothingFetched()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var client = await OpenTunnelAsync(harness);
        var attestation = harness.Attest("GET", harness.Url("/x"));

        await client.SendAsync($"GET /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Sigil-Attestation: {attestation}\r\nX-Huge: {new string('h', 40 * 1024)}\r\n\r\n");
        var response = await client.ReadToEndAsync();

        // Kestrel's answer to a head over MaxRequestHeadersTotalSize: 431, and the connection closed.
        Assert.StartsWith("HTTP/1.1 431 ", response, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Fact]
    public async Task PRX_10_Http11HeadTrickledInTunnelSlowerThanHeadersTimeout_ConnectionClosed()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { HeadersTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await OpenTunnelAsync(harness);

        await client.SendAsync($"GET /x HTTP/1.1\r\nHost: {Authority(harness)}\r\nX-Slow: ");
        var response = await client.ReadToEndAsync();

        // Kestrel's headers timeout ends the connection (with a 408 when it can still say so); nothing was forwarded.
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), response);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }
}
