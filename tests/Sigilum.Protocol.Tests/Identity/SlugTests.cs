namespace Sigilum.Protocol.Identity;

public sealed class SlugTests
{
    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("My OpenAI Key!", "my-openai-key")]
    [InlineData("  --Slack   Proxy--  ", "slack-proxy")]
    [InlineData("Ünïcode Name", "n-code-name")]
    [InlineData("GitHub_API.v2", "github-api-v2")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    public void Of_Name_SigilumSlug(string name, string slug)
    {
        Assert.Equal(slug, Slug.Of(name));
    }

    [Fact]
    public void Of_LongName_NotCutWithoutALimit()
    {
        var name = new string('a', 300);

        Assert.Equal(name, Slug.Of(name));
    }

    [Fact]
    public void Of_CutAtADash_NoTrailingDash()
    {
        // 127 letters, then "-b": the cut at 128 ends on the dash, which must go.
        var name = new string('a', 127) + " b";

        Assert.Equal(new string('a', 127), Slug.Of(name, 128));
    }

    [Fact]
    public void Of_NegativeLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Slug.Of("name", -1));
    }
}
