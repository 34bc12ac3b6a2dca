using System.CommandLine;

namespace Sigilum.CommandLine.Services;

/// <summary>The <c>--port</c> that <c>service install</c> passes on to the unit's command.</summary>
public sealed class ServicePortTests
{
    private static (ParseResult Result, Option<int?> Port) Parse(params string[] args)
    {
        var port = new Option<int?>("--port");
        var command = new RootCommand { port };
        return (command.Parse(args), port);
    }

    [Fact]
    public void Arguments_PortGiven_PassedOn()
    {
        var (result, port) = Parse("--port", "10256");

        Assert.Equal(new[] { "--port", "10256" }, ServicePort.Arguments(result, port));
    }

    [Fact]
    public void Arguments_PortNotGiven_Nothing()
    {
        var (result, port) = Parse();

        Assert.Empty(ServicePort.Arguments(result, port));
        Assert.Empty(ServicePort.Arguments(result, null));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Arguments_PortOutOfRange_UsageError(string value)
    {
        var (result, port) = Parse("--port", value);

        var error = Assert.Throws<CliException>(() => ServicePort.Arguments(result, port));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
