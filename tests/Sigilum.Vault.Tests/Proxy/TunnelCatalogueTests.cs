using System.Globalization;
using System.Net;

namespace Sigilum.Vault.Proxy;

/// <summary>Reliability §3.4 rows about what happens inside an open tunnel: the Host of every request (PRX-06) and HTTP/2 header limits (PRX-21).</summary>
public sealed class TunnelCatalogueTests
{
    [Fact]
    public async Task PRX_06_SecondRequestOnTheKeepAliveWithAnotherHost_Refused403HostMismatchAndClosed()
    {
        await using var harness = await VaultHarness.StartAsync();
        var authority = $"{TestUpstream.HostName}:{harness.Upstream.Port.ToString(CultureInfo.InvariantCulture)}";
        await using var raw = await RawProxyClient.OpenAsync(harness.Host.Port);
        await raw.ConnectAsync(authority, harness.Token);
        await raw.StartTlsAsync(TestUpstream.HostName, harness);
        var first = harness.Attest("GET", harness.Url("/one"));
        var second = harness.Attest("GET", harness.Url("/two"));

        // Both requests pipelined on one connection: the first is served, the second names another host.
        await raw.SendAsync($"GET /one HTTP/1.1\r\nHost: {authority}\r\nX-Sigil-Attestation: {first}\r\n\r\n" +
            $"GET /two HTTP/1.1\r\nHost: other.upstream.test:{harness.Upstream.Port.ToString(CultureInfo.InvariantCulture)}\r\nX-Sigil-Attestation: {second}\r\n\r\n");
        var responses = await raw.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", responses, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 403 ", responses, StringComparison.Ordinal);
        Assert.Contains("X-Sigil-Vault-Error: HOST_MISMATCH", responses, StringComparison.Ordinal);
        Assert.Equal("/one", Assert.Single(harness.Upstream.Received).Path);
    }

    [Theory]
    [InlineData("one-huge-header")]
    [InlineData("too-many-headers")]
    public async Task PRX_21_H2HeadersBeyondTheLimits_RefusedNothingForwardedTunnelsKeepWorking(string shape)
    {
        await using var harness = await VaultHarness.StartAsync();
        var client = harness.CreateClient();
        client.DefaultRequestVersion = HttpVersion.Version20;
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var request = harness.AttestedRequest(HttpMethod.Get, "/flood");
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        if (shape == "one-huge-header")
        {
            request.Headers.TryAddWithoutValidation("X-Flood", new string('f', 64 * 1024));
        }
        else
        {
            for (var i = 0; i < 150; i++)
            {
                request.Headers.TryAddWithoutValidation("X-Flood-" + i.ToString(CultureInfo.InvariantCulture), "v");
            }
        }

        HttpStatusCode? status = null;
        try
        {
            using var response = await client.SendAsync(request);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // A connection- or stream-level refusal is as good as a status: nothing may be forwarded.
        }

        Assert.NotEqual(HttpStatusCode.OK, status);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
        // The same request shape with headers within the limits goes through over HTTP/2.
        using var fine = harness.AttestedRequest(HttpMethod.Get, "/after");
        fine.Version = HttpVersion.Version20;
        fine.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        fine.Headers.TryAddWithoutValidation("X-Flood", "small");
        using var after = await harness.CreateClient().SendAsync(fine);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (after.StatusCode, after.Version));
    }
}
