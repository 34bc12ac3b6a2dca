using System.Text;

namespace Sigilum.Cli;

/// <summary>The line end a secret read from a file or a pipe loses, for <c>service add</c> and <c>variable set</c>.</summary>
public sealed class InputFilesTests
{
    [Theory]
    [InlineData("key\n", "key")]
    [InlineData("key\r\n", "key")]
    [InlineData("key\n\n", "key")]
    [InlineData("key\r\n\r\n", "key")]
    [InlineData("key", "key")]
    [InlineData("", "")]
    public void TrimLineEnd_Every_DropsAllTrailingLineEnds(string value, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(InputFiles.TrimLineEnd(Encoding.UTF8.GetBytes(value), onlyOne: false)));
    }

    [Theory]
    [InlineData("key\n", "key")]
    [InlineData("key\r\n", "key")]
    [InlineData("key\n\n", "key\n")]
    [InlineData("key\r", "key\r")]
    [InlineData("key", "key")]
    [InlineData("\n", "")]
    public void TrimLineEnd_OnlyOne_DropsOneFinalLineEnd(string value, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(InputFiles.TrimLineEnd(Encoding.UTF8.GetBytes(value), onlyOne: true)));
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
