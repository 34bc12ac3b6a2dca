using System.Text.Json;

namespace Sigilum.LoadKit.Probes;

public sealed class ProbeCommandTests
{
    [Fact]
    public void TryRun_NotAProbe_LeftToTheTool()
    {
        Assert.False(ProbeCommand.TryRun(["load", "--url", "https://x"], TextWriter.Null, TextWriter.Null, out _));
        Assert.False(ProbeCommand.TryRun([], TextWriter.Null, TextWriter.Null, out _));
    }

    [Fact]
    public void TryRun_Fdatasync_OneJsonLineWithTheSamples()
    {
        using var dir = new TempDirectory();
        using var output = new StringWriter();

        Assert.True(ProbeCommand.TryRun(["fdatasync", "--dir", dir.Path, "--count", "2"], output, TextWriter.Null, out var exit));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(2, json.RootElement.GetProperty("micros").GetProperty("count").GetInt32());
        Assert.Equal(4096, json.RootElement.GetProperty("blockBytes").GetInt32());
    }

    [Fact]
    public void TryRun_Ed25519Verify_OneJsonLineWithTheEngine()
    {
        using var output = new StringWriter();

        Assert.True(ProbeCommand.TryRun(["ed25519-verify", "--count", "100"], output, TextWriter.Null, out var exit));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(100, json.RootElement.GetProperty("verifications").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("implementation").GetString()));
    }

    [Theory]
    [InlineData("fdatasync")]                                   // no directory
    [InlineData("fdatasync", "--dir", "/nonexistent/sigilum")]  // directory missing
    [InlineData("fdatasync", "--dir", "/tmp", "--count", "0")]  // no commits
    [InlineData("ed25519-verify", "--count", "many")]           // not a number
    [InlineData("ed25519-verify", "--verbose")]                 // unknown option
    public void TryRun_BadArguments_Usage64(params string[] args)
    {
        using var error = new StringWriter();

        Assert.True(ProbeCommand.TryRun(args, TextWriter.Null, error, out var exit));

        Assert.Equal(64, exit);
        Assert.Contains("fdatasync --dir", error.ToString(), StringComparison.Ordinal);
    }
}
