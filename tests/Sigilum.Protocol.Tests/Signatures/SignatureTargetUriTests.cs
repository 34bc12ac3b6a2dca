namespace Sigilum.Protocol.Signatures;

public sealed class SignatureTargetUriTests
{
    [Theory]
    [InlineData("https://api.sigilum.local/v1/x?status=approved#fragment", "https://api.sigilum.local/v1/x?status=approved")]
    [InlineData("HTTPS://API.Example.TEST/Path", "https://api.example.test/Path")]
    [InlineData("https://example.test:443/a", "https://example.test/a")]
    [InlineData("http://example.test:80/a", "http://example.test/a")]
    [InlineData("https://example.test:8443/a?b=1", "https://example.test:8443/a?b=1")]
    [InlineData("http://localhost:38100/proxy/x", "http://localhost:38100/proxy/x")]
    [InlineData("https://example.test", "https://example.test/")]
    [InlineData("https://example.test?q=1", "https://example.test/?q=1")]
    [InlineData("https://example.test/a?cursor=abc%2F123&limit=50#x", "https://example.test/a?cursor=abc%2F123&limit=50")]
    [InlineData("https://example.test/a?", "https://example.test/a?")]
    [InlineData("http://[::1]:8080/a", "http://[::1]:8080/a")]
    public void Normalize_AbsoluteUrl_FollowsWhatwgSerialisation(string url, string expected)
    {
        Assert.Equal(expected, SignatureTargetUri.Normalize(url).Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative")]
    [InlineData("ftp://example.test/")]
    [InlineData("https://user:pw@example.test/")]
    [InlineData("https://example.test/a b")]
    [InlineData("https://exämple.test/")]
    [InlineData("https:///path")]
    [InlineData("https://example.test:99999/")]
    public void Normalize_NotASignableUrl_FailsWithUrlInvalid(string? url)
    {
        var result = SignatureTargetUri.Normalize(url);

        Assert.False(result.IsSuccess);
        Assert.Equal("URL_INVALID", result.Error.Code);
    }
}
