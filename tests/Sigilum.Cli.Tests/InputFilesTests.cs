using System.Text;

namespace Sigilum.Cli;

/// <summary>The line end a secret read from a file or a pipe loses, for <c>service add</c> and <c>variable set</c>.</summary>
public sealed class InputFilesTests
{
    [Theory]
    [InlineData("key\n", false, "key")]
    [InlineData("key\r\n", false, "key")]
    [InlineData("key\n\n", false, "key")]
    [InlineData("key\r\n\r\n", false, "key")]
    [InlineData("", false, "")]
    [InlineData("key\n", true, "key")]
    [InlineData("key\r\n", true, "key")]
    [InlineData("key\n\n", true, "key\n")]
    [InlineData("key\r", true, "key\r")]
    [InlineData("\n", true, "")]
    [InlineData("key", false, "key")]
    [InlineData("key", true, "key")]
    public void TrimLineEnd_AllOrOnlyOne_DropsTheLineEnds(string value, bool onlyOne, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(InputFiles.TrimLineEnd(Encoding.UTF8.GetBytes(value), onlyOne)));
    }

    [Fact]
    public void TrimLineEnd_Trimmed_ZeroesTheOriginalBuffer()
    {
        var value = Encoding.UTF8.GetBytes("secret\n");

        var trimmed = InputFiles.TrimLineEnd(value, onlyOne: true);

        Assert.Equal("secret", Encoding.UTF8.GetString(trimmed));
        Assert.All(value, b => Assert.Equal(0, b));
    }
}
