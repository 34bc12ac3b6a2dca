using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Forwarding;

/// <summary>Rows of reliability §3.1 that concern what the gateway's listener accepts and what it forwards.</summary>
public sealed class RequestShapeCatalogueTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SIG_11_FieldNamedLikeADerivedComponent_NeverForwardedUpstream()
    {
        // Kestrel accepts "@method" as a field name (pinned here); the verifier refuses such a request
        // (ProxyAuthorizerTests), and the engine would never pass the field on.
        string? seen = null;
        await using var harness = await ForwardingHarness.StartAsync(context =>
        {
            seen = string.Join(",", context.Request.Headers.Keys);
            return Task.CompletedTask;
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, harness.Client.BaseAddress!.Port);
        await using var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: localhost\r\n@method: POST\r\nConnection: close\r\n\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Guard);

        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.NotNull(seen);
        Assert.DoesNotContain("@method", seen, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SIG_25_FormBodyRepeatingAQueryParameter_ForwardedAsSignedNeverMerged()
    {
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.QueryString}|{body}");
        });

        using var response = await harness.Client.PostAsync("/v1/charge?amount=1", new StringContent("amount=1000", Encoding.ASCII, "application/x-www-form-urlencoded"));

        // Exactly the signed query and the digested body: no parameter moved, merged or reordered.
        Assert.Equal("?amount=1|amount=1000", await response.Content.ReadAsStringAsync());
    }
}
