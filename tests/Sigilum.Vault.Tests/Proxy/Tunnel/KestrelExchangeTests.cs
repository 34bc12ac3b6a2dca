using Microsoft.AspNetCore.Http;

namespace Sigilum.Vault.Proxy.Tunnel;

public sealed class KestrelExchangeTests
{
    [Fact]
    public void ReadHead_Http2ConnectionSpecificFields_NotCarried()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Protocol = "HTTP/2";
        context.Request.Headers.Host = "api.upstream.test:443";
        foreach (var name in new[] { "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE" })
        {
            context.Request.Headers[name] = "x";
        }
        context.Request.Headers["X-Kept"] = "1";

        var head = KestrelExchange.ReadHead(context.Request, "/p?q=1");

        Assert.Equal(["Host", "X-Kept"], head.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal("/p?q=1", head.Target);
        Assert.Equal("HTTP/2", head.RequestVersion);
    }
}
