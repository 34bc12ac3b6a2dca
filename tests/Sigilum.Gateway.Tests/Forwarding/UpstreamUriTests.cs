namespace Sigilum.Gateway.Forwarding;

public sealed class UpstreamUriTests
{
    [Theory]
    [InlineData("https://api.example.com", "/v1/chat?x=1", "https://api.example.com/v1/chat?x=1")]
    [InlineData("https://api.example.com/", "/v1", "https://api.example.com/v1")]
    [InlineData("https://api.example.com/base/", "/v1", "https://api.example.com/base/v1")]
    [InlineData("https://api.example.com/base", "v1", "https://api.example.com/base/v1")]
    [InlineData("https://api.example.com/base", "", "https://api.example.com/base/")]
    [InlineData("https://api.example.com/base?ignored=1", "?q=2", "https://api.example.com/base?q=2")]
    public void BuildUri_JoinsBaseAndPath(string upstreamBase, string pathAndQuery, string expected) =>
        Assert.Equal(expected, HttpForwarder.BuildUri(new ForwardingDecision(new Uri(upstreamBase), pathAndQuery, [], [])).AbsoluteUri);
}
