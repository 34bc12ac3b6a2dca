using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Authentication;

namespace Sigilum.Gateway.Proxy;

/// <summary>The proxy buffers the agent's body once, for the digest check and then for forwarding (Sigilum.AspNetCore).</summary>
public sealed class RequestBodyBufferTests
{
    private static DefaultHttpContext Request(byte[] body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = contentLength;
        return context;
    }

    [Fact]
    public async Task ReadAsync_DeclaredLength_ExactBytesAndBodyReadableAgain()
    {
        var sent = Encoding.UTF8.GetBytes("{\"a\":1}");
        var context = Request(sent, sent.Length);

        var read = await RequestBodyBuffer.ReadAsync(context.Request, 1024, CancellationToken.None);
        using var again = new StreamReader(context.Request.Body);

        Assert.Equal(sent, read);
        Assert.Equal("{\"a\":1}", await again.ReadToEndAsync());
    }

    [Fact]
    public async Task ReadAsync_UnknownLength_WholeBodyRead()
    {
        var sent = RandomNumberGenerator.GetBytes(40_000);
        var context = Request(sent, contentLength: null);

        var read = await RequestBodyBuffer.ReadAsync(context.Request, 64 * 1024, CancellationToken.None);

        Assert.Equal(sent, read);
    }

    [Fact]
    public async Task ReadAsync_ZeroLength_EmptyAndNothingRead()
    {
        var context = Request([1, 2, 3], contentLength: 0);

        var read = await RequestBodyBuffer.ReadAsync(context.Request, 1024, CancellationToken.None);

        Assert.Empty(read!);
        Assert.Equal(0, context.Request.Body.Position);
    }

    [Fact]
    public async Task ReadAsync_DeclaredOverLimit_Null() =>
        Assert.Null(await RequestBodyBuffer.ReadAsync(Request(new byte[10], 10).Request, 9, CancellationToken.None));

    [Fact]
    public async Task ReadAsync_UnknownLengthOverLimit_Null() =>
        Assert.Null(await RequestBodyBuffer.ReadAsync(Request(new byte[20_000], contentLength: null).Request, 16 * 1024, CancellationToken.None));
}
