
namespace Sigilum.Cli.Stack;

public sealed class ServerSettingsTests
{
    private static CliContext Context(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        var environment = new CliEnvironment { GetVariable = values.GetValueOrDefault };
        return new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment));
    }

    [Fact]
    public void Resolve_Nothing_DefaultsToSqliteOn8787()
    {
        var settings = ServerSettings.Resolve(Context(), null, null, null);

        Assert.Equal(new ServerSettings(8787, "sqlite", null), settings);
        Assert.Equal("http://127.0.0.1:8787", settings.Url);
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesEnvironment()
    {
        var settings = ServerSettings.Resolve(Context(("SIGILUM_API_PORT", "9001"), ("SIGILUM_STORE", "POSTGRES"), ("SIGILUM_POSTGRES", "Host=db")), null, null, null);

        Assert.Equal(new ServerSettings(9001, "postgres", "Host=db"), settings);
    }

    [Fact]
    public void Resolve_FlagsAndEnvironment_FlagsWin()
    {
        var settings = ServerSettings.Resolve(Context(("SIGILUM_API_PORT", "9001"), ("SIGILUM_STORE", "postgres")), 9002, "sqlite", null);

        Assert.Equal(new ServerSettings(9002, "sqlite", null), settings);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Resolve_PortOutOfRange_IsUsageError(int port)
    {
        var error = Assert.Throws<CliException>(() => ServerSettings.Resolve(Context(), port, null, null));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void Resolve_UnknownStoreInEnvironment_IsUsageError()
    {
        var error = Assert.Throws<CliException>(() => ServerSettings.Resolve(Context(("SIGILUM_STORE", "mysql")), null, null, null));

        Assert.Contains("SIGILUM_STORE", error.Message, StringComparison.Ordinal);
    }
}
