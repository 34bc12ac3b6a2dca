namespace Sigilum.Cli.Claims;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("1h", 3600)]
    [InlineData(" 7D ", 604800)]
    [InlineData("2w", 1209600)]
    public void Parse_NumberAndUnit_ReturnsDuration(string text, long seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text, "--expires-in"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("1.5h")]
    [InlineData("1h30m")]
    [InlineData("10y")]
    [InlineData("99999d")]
    [InlineData("999999999999999999s")]
    public void Parse_Malformed_IsUsageErrorNamingTheOption(string text)
    {
        var error = Assert.Throws<CliException>(() => Durations.Parse(text, "--expires-in"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("--expires-in", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(-45, "45s")]
    [InlineData(125, "2m")]
    [InlineData(7200, "2h")]
    [InlineData(36 * 3600, "36h")]
    [InlineData(3 * 86400, "3d")]
    [InlineData((7 * 86400) - 3, "7d")]
    public void Short_Span_IsCompact(int seconds, string expected)
    {
        Assert.Equal(expected, Durations.Short(TimeSpan.FromSeconds(seconds)));
    }
}
