using Sigilum.Testing;

namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpSafeTextTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1/mcp");

    [Theory]
    [InlineData("token mcp-Secret-7f3a9c21e4b8 rejected")]
    [InlineData("url ?api_key=mcp-Secret-7f3a9c21e4b8")]
    public void From_TextHoldingTheHeaderSecret_IsWithheld(string text) =>
        Assert.Contains("withheld", McpSafeText.From(text, McpUpstreamKit.HeaderTarget(Endpoint)), StringComparison.Ordinal);

    [Fact]
    public void From_TextHoldingTheSecretWithoutItsBearerScheme_IsWithheld() =>
        Assert.Contains("withheld", McpSafeText.From("got mcp-Secret-7f3a9c21e4b8", McpUpstreamKit.HeaderTarget(Endpoint, "Authorization", "Bearer " + McpUpstreamKit.Secret)), StringComparison.Ordinal);

    [Fact]
    public void From_TextHoldingThePercentEncodedQuerySecret_IsWithheld() =>
        Assert.Contains("withheld", McpSafeText.From("saw key=a%2Bb%2Fc%3D%3D", McpUpstreamKit.QueryTarget(Endpoint, value: "a+b/c==")), StringComparison.Ordinal);

    [Fact]
    public void From_LongTextWithControlCharacters_IsOneBoundedLine()
    {
        var text = McpSafeText.From("line1\nline2\t" + new string('x', 1000), McpUpstreamKit.HeaderTarget(Endpoint));

        Assert.DoesNotContain('\n', text);
        Assert.Equal(McpSafeText.MaxLength + 1, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_OrdinaryText_IsKept() =>
        Assert.Equal("Invalid params", McpSafeText.From(" Invalid params ", McpUpstreamKit.HeaderTarget(Endpoint)));

    public static TheoryData<string> Spellings => EchoSpellings.All();

    [Theory]
    [MemberData(nameof(Spellings))]
    public void From_TextHoldingAnySpellingOfTheSecret_IsWithheld(string spelling)
    {
        var text = "upstream says: " + EchoSpellings.Spell(spelling, EchoSpellings.AwkwardSecret) + " (done)";

        Assert.Contains("withheld", McpSafeText.From(text, McpUpstreamKit.HeaderTarget(Endpoint, value: EchoSpellings.AwkwardSecret)), StringComparison.Ordinal);
        Assert.Contains("withheld", McpSafeText.From(text, McpUpstreamKit.QueryTarget(Endpoint, value: EchoSpellings.AwkwardSecret)), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_ReplacesEveryOccurrenceAndSaysSo()
    {
        var json = McpSafeText.Scrub("""{"a":"mcp-Secret-7f3a9c21e4b8","b":"x mcp-Secret-7f3a9c21e4b8"}""", McpUpstreamKit.HeaderTarget(Endpoint), out var found);

        Assert.True(found);
        Assert.Equal("""{"a":"[REDACTED:sigilum]","b":"x [REDACTED:sigilum]"}""", json);
    }

    [Fact]
    public void Scrub_TextWithoutTheSecret_IsReturnedAsIs()
    {
        const string text = """{"content":[{"type":"text","text":"Echo: hi"}]}""";

        Assert.Same(text, McpSafeText.Scrub(text, McpUpstreamKit.HeaderTarget(Endpoint), out var found));
        Assert.False(found);
    }
}
