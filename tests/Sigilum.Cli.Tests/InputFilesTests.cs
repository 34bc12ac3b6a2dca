using System.Text;

namespace Sigilum.Cli;

/// <summary>The line end a secret read from a file or a pipe loses, for <c>service add</c> and <c>variable set</c>.</summary>
public sealed class InputFilesTests
{
    [Fact]
    public void TrimLineEnd_AllOrOnlyOne_DropsTheLineEnds()
    {
        // (input, with every trailing CR and LF dropped, with only one final "\n" or "\r\n" dropped)
        (string Value, string All, string OnlyOne)[] cases =
        [
            ("key\n", "key", "key"), ("key\r\n", "key", "key"), ("key\n\n", "key", "key\n"), ("key\r\n\r\n", "key", "key\r\n"),
            ("key\r", "key", "key\r"), ("\n", "", ""), ("key", "key", "key"),
        ];

        foreach (var (value, all, onlyOne) in cases)
        {
            Assert.Equal(all, Encoding.UTF8.GetString(InputFiles.TrimLineEnd(Encoding.UTF8.GetBytes(value), onlyOne: false)));
            Assert.Equal(onlyOne, Encoding.UTF8.GetString(InputFiles.TrimLineEnd(Encoding.UTF8.GetBytes(value), onlyOne: true)));
        }
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
