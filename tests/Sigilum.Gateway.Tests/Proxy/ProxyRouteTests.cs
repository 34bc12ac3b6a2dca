using Sigilum.Gateway.Proxy;

namespace Sigilum.Gateway.Tests.Proxy;

public sealed class ProxyRouteTests
{
    [Theory]
    [InlineData("/proxy/openai/v1/models", "openai", "/v1/models")]
    [InlineData("/proxy/openai", "openai", "/")]
    [InlineData("/proxy/openai/", "openai", "/")]
    [InlineData("/proxy/openai/v1/a%2Fb?x=2&a=1", "openai", "/v1/a%2Fb?x=2&a=1")]
    [InlineData("/proxy/openai?x=1", "openai", "/?x=1")]
    [InlineData("/proxy/api.v2/x", "api.v2", "/x")]
    [InlineData("/slack", "slack-proxy", "/")]
    [InlineData("/slack/api/chat.postMessage", "slack-proxy", "/api/chat.postMessage")]
    public void Parse_ValidTarget_ConnectionAndRest(string target, string id, string rest)
    {
        var route = ProxyRoute.Parse(target);

        Assert.Equal(new ProxyRoute(id, rest), route);
    }

    [Theory]
    [InlineData("/proxy/")]
    [InlineData("/proxy")]
    [InlineData("/proxy/Open AI/x")]
    [InlineData("/proxy/..%2F/x")]
    [InlineData("/proxy/../x")]
    [InlineData("/proxy/-a/x")]
    [InlineData("/slackers")]
    [InlineData("/api/admin/connections")]
    public void Parse_NotAProxyTarget_Null(string target)
    {
        Assert.Null(ProxyRoute.Parse(target));
    }
}
