using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Intents;

public sealed class IntentUrlTests
{
    [Theory]
    [InlineData("https://API.Example.COM/v1/items", "https://api.example.com/v1/items")]
    [InlineData("HTTPS://api.example.com/Path/Keeps/Case", "https://api.example.com/Path/Keeps/Case")]
    [InlineData("https://api.example.com:443/v1", "https://api.example.com/v1")]
    [InlineData("http://api.example.com:80/v1", "http://api.example.com/v1")]
    [InlineData("https://api.example.com:8443/v1", "https://api.example.com:8443/v1")]
    [InlineData("http://api.example.com:443/v1", "http://api.example.com:443/v1")]
    [InlineData("https://api.example.com/v1/items?limit=10&b=2", "https://api.example.com/v1/items?limit=10&b=2")]
    [InlineData("https://api.example.com/v1#section", "https://api.example.com/v1")]
    [InlineData("https://api.example.com/v1?q=1#frag", "https://api.example.com/v1?q=1")]
    [InlineData("https://api.example.com", "https://api.example.com/")]
    [InlineData("https://api.example.com?q=1", "https://api.example.com/?q=1")]
    [InlineData("https://api.example.com#top", "https://api.example.com/")]
    [InlineData("https://api.example.com/", "https://api.example.com/")]
    [InlineData("https://api.example.com/a%2Fb/%7euser?x=%41", "https://api.example.com/a%2Fb/%7euser?x=%41")]
    [InlineData("https://api.example.com/caf\u00e9?q=\u00fc", "https://api.example.com/caf%C3%A9?q=%C3%BC")]
    [InlineData("https://api.example.com/a<b>?q='x'", "https://api.example.com/a%3Cb%3E?q=%27x%27")]
    [InlineData("https://b\u00fccher.example/", "https://xn--bcher-kva.example/")]
    [InlineData("https://[2001:DB8::1]:8443/p", "https://[2001:db8::1]:8443/p")]
    [InlineData("http://127.0.0.1:80/", "http://127.0.0.1/")]
    public void Normalize_AbsoluteUrl_ReturnsCanonicalSpelling(string input, string expected)
    {
        var result = IntentUrl.Normalize(input);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/v1/items")]
    [InlineData("api.example.com/v1")]
    [InlineData("ftp://api.example.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https:api.example.com/v1")]
    [InlineData("https://user:pass@api.example.com/")]
    [InlineData("https://api.example.com@evil.example/")]
    [InlineData("https://@evil.example/")]
    [InlineData(" https://api.example.com/")]
    [InlineData("https://api.example.com/a b")]
    [InlineData("https://api.example.com/\n")]
    [InlineData("https://evil.example\\@api.example.com/")]
    [InlineData("https://api.example.com/a/../admin")]
    [InlineData("https://api.example.com/./a")]
    [InlineData("https://api.example.com/a/%2e%2E/admin")]
    [InlineData("https://api.example.com/a/.%2e")]
    [InlineData("https://api.example.com:99999/")]
    public void Normalize_NotAUsableAbsoluteUrl_FailsUrlInvalid(string? input)
    {
        Assert.Equal(ErrorCatalogue.IntentUrlInvalid, IntentUrl.Normalize(input).Error?.Code);
    }

    [Fact]
    public void Normalize_LoneSurrogate_FailsUrlInvalid()
    {
        // Built at run time: attribute strings cannot carry a lone surrogate.
        var url = "https://api.example.com/" + (char)0xD800 + "x";

        Assert.Equal(ErrorCatalogue.IntentUrlInvalid, IntentUrl.Normalize(url).Error?.Code);
    }

    [Fact]
    public void Normalize_TooLong_FailsUrlInvalid()
    {
        var url = "https://api.example.com/" + new string('a', IntentUrl.MaxLength);

        Assert.Equal(ErrorCatalogue.IntentUrlInvalid, IntentUrl.Normalize(url).Error?.Code);
    }

    [Theory]
    [InlineData("https://API.example.com:443/x?y=1#z")]
    [InlineData("https://b\u00fccher.example/caf\u00e9")]
    [InlineData("http://h:8080")]
    public void Normalize_AlreadyNormalized_IsIdempotent(string input)
    {
        var once = IntentUrl.Normalize(input).Value!;

        Assert.Equal(once, IntentUrl.Normalize(once).Value);
    }
}
