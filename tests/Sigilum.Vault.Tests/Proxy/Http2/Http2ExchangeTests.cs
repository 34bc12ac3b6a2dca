using Microsoft.AspNetCore.Http;

namespace Sigilum.Vault.Proxy.Http2;

public sealed class Http2ExchangeTests
{
    [Fact]
    public void ReadHead_ConnectionSpecificFields_NotCarried()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Host = "api.upstream.test:443";
        foreach (var name in new[] { "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE" })
        {
            context.Request.Headers[name] = "x";
        }
        context.Request.Headers["X-Kept"] = "1";

        var head = Http2Exchange.ReadHead(context.Request, "/p?q=1");

        Assert.Equal(["Host", "X-Kept"], head.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal("/p?q=1", head.Target);
        Assert.Equal("HTTP/2", head.RequestVersion);
    }
}
