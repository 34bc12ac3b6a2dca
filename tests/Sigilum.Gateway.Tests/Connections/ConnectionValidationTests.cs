using System.Text;

namespace Sigilum.Gateway.Connections;

public sealed class ConnectionValidationTests
{
    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("My OpenAI Key!", "my-openai-key")]
    [InlineData("  --Slack   Proxy--  ", "slack-proxy")]
    [InlineData("Ünïcode Name", "n-code-name")]
    [InlineData("!!!", "")]
    public void Slugify_Name_SigilumSlug(string name, string slug)
    {
        Assert.Equal(slug, ConnectionValidation.Slugify(name));
    }

    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com")]
    [InlineData("https://api.example.com/", "https://api.example.com")]
    [InlineData(" http://127.0.0.1:8080/base/// ", "http://127.0.0.1:8080/base")]
    [InlineData("https://API.Example.com/V1", "https://api.example.com/V1")]
    public void BaseUrl_Valid_TrailingSlashesTrimmed(string input, string expected)
    {
        Assert.Null(ConnectionValidation.BaseUrl(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("v1", "/v1")]
    [InlineData("/v1/", "/v1")]
    [InlineData(" //api/v1// ", "/api/v1")]
    public void PathPrefix_Valid_LeadingSlashNoTrailing(string? input, string expected)
    {
        Assert.Null(ConnectionValidation.PathPrefix(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("/v1?x=1")]
    [InlineData("/v1#f")]
    [InlineData("/a/../b")]
    [InlineData("/a//b")]
    [InlineData("/a b")]
    public void PathPrefix_Unsafe_Refused(string input)
    {
        Assert.NotNull(ConnectionValidation.PathPrefix(input, out _));
    }

    [Theory]
    [InlineData("{{KEY_1}}", "KEY_1")]
    [InlineData("{{a.b-c}}", "a.b-c")]
    [InlineData("{{K}}", null)]
    [InlineData("{{}}", null)]
    [InlineData("x{{KEY}}", null)]
    [InlineData("{{KEY}}x", null)]
    [InlineData("{{KE Y}}", null)]
    public void VariableReference_Value_KeyOnlyForWholeReference(string value, string? key)
    {
        Assert.Equal(key, ConnectionResolver.VariableReference(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public void SecretMap_JsonRoundTrip_EscapesDecodedAndValuesZeroedOnDispose()
    {
        using var map = SecretMap.FromJson("""{"b":"line\nbreak \u00e9","a":"plain"}"""u8)!;
        var values = map.Entries.Select(e => e.Value).ToList();

        Assert.Equal(["a", "b"], map.Keys);
        Assert.True(map.TryGet("b", out var b));
        Assert.Equal("line\nbreak é", Encoding.UTF8.GetString(b));
        using var again = SecretMap.FromJson(map.ToJson())!;
        Assert.True(again.TryGet("b", out var b2));
        Assert.Equal(b, b2);

        map.Dispose();
        Assert.All(values, v => Assert.All(v, x => Assert.Equal(0, x)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"a":1}""")]
    [InlineData("not json")]
    public void SecretMap_NotAnObjectOfStrings_Null(string json)
    {
        Assert.Null(SecretMap.FromJson(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void ToQueryPair_ReservedAndNonAsciiBytes_PercentEncoded()
    {
        var parameter = new InjectedQueryParameter("api key", Encoding.UTF8.GetBytes("a+b/c=d é~_.-"));

        Assert.Equal("api%20key=a%2Bb%2Fc%3Dd%20%C3%A9~_.-", parameter.ToQueryPair());
    }
}
