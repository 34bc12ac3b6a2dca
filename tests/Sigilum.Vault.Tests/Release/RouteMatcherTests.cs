namespace Sigilum.Vault.Release;

public sealed class RouteMatcherTests
{
    [Theory]
    [InlineData("/v1/*", "/v1/models", true)]
    [InlineData("/v1/*", "/v1/a/b/c", true)]
    [InlineData("/v1/*", "/v2/models", false)]
    [InlineData("/v1/*", "/v1", false)]
    [InlineData("/*", "/", true)]
    [InlineData("/exact", "/exact", true)]
    [InlineData("/exact", "/exact/more", false)]
    [InlineData("/a/*/c", "/a/b/c", true)]
    [InlineData("/a/*/c", "/a/b/d", false)]
    public void GlobMatches_Cases(string glob, string path, bool expected) =>
        Assert.Equal(expected, RouteMatcher.GlobMatches(glob, path));

    [Theory]
    [InlineData("api.example.com", "api.example.com", true)]
    [InlineData("api.example.com", "evil-api.example.com", false)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "evilexample.com", false)]
    public void HostMatches_Cases(string pattern, string host, bool expected) =>
        Assert.Equal(expected, RouteMatcher.HostMatches(pattern, host));

    [Theory]
    [InlineData("api.example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("*", false)]
    [InlineData("api.*.com", false)]
    [InlineData("api.example.com:443", false)]
    [InlineData("API.example.com", false)]
    public void IsValidHostPattern_Cases(string pattern, bool expected) =>
        Assert.Equal(expected, RouteMatcher.IsValidHostPattern(pattern));
}
