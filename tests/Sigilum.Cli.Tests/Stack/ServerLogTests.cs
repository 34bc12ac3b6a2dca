using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.Testing;

namespace Sigilum.Cli.Stack;

/// <summary>The hosted servers' log lines on the CLI's stderr: the line format, the levels, and every line out when the host stops.</summary>
public sealed class ServerLogTests
{
    private readonly FakeTimeProvider _time = new(1_700_000_000);

    [Fact]
    public void Log_InformationWithAMultiLineMessageAndAnException_OneLineInTheSameFormat()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        using (var services = Services(stderr))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sigilum.Gateway.Proxy");
#pragma warning disable CA1848, CA2254, CA1873 // The message shape is what is tested.
            logger.LogInformation("listening\non 127.0.0.1");
            logger.LogWarning(new IOException("secret-bearing message"), "upstream failed");
#pragma warning restore CA1848, CA2254, CA1873
        }

        Assert.Equal(
            "2023-11-14T22:13:20.000Z info Sigilum.Gateway.Proxy: listening on 127.0.0.1\n" +
            "2023-11-14T22:13:20.000Z warn Sigilum.Gateway.Proxy: upstream failed [IOException]\n",
            stderr.ToString());
    }

    [Theory]
    [InlineData("a\r\nb", "a b")]
    [InlineData("a\r\rb", "a  b")]
    [InlineData("a\n\nb\r", "a  b ")]
    [InlineData("a\fb\u0085c\u2028d\u2029e", "a b c d e")]
    [InlineData("\r\n", " ")]
    [InlineData("", "")]
    public void Log_LineEndingsOfEveryKind_EachReplacedAsReplaceLineEndingsDoes(string message, string expected)
    {
        // The writer formats lines from their parts; the message must come out exactly as string.ReplaceLineEndings(" ") made it.
        Assert.Equal(message.ReplaceLineEndings(" "), expected);
        using var stderr = new StringWriter { NewLine = "\n" };
        using (var services = Services(stderr))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sigilum.Gateway.Decisions");
#pragma warning disable CA1848, CA2254, CA1873 // The message shape is what is tested.
            logger.LogError(new InvalidOperationException("not shown"), message);
#pragma warning restore CA1848, CA2254, CA1873
        }

        Assert.Equal($"2023-11-14T22:13:20.000Z fail Sigilum.Gateway.Decisions: {expected} [InvalidOperationException]\n", stderr.ToString());
    }

    [Fact]
    public void Log_FrameworkInformation_NotWritten()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        using (var services = Services(stderr))
        {
            var loggers = services.GetRequiredService<ILoggerFactory>();
#pragma warning disable CA1848, CA2254, CA1873
            loggers.CreateLogger("Microsoft.AspNetCore.Hosting").LogInformation("request started");
            loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning("slow request");
#pragma warning restore CA1848, CA2254, CA1873
        }

        Assert.Equal("2023-11-14T22:13:20.000Z warn Microsoft.AspNetCore.Server.Kestrel: slow request\n", stderr.ToString());
    }

    [Fact]
    public void Configure_HostContainerDisposed_EveryLineWrittenBeforeDisposeReturns()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        var services = Services(stderr);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Sigilum.Gateway.Decisions");
        for (var i = 0; i < 5_000; i++)
        {
#pragma warning disable CA1848, CA2254, CA1873
            logger.LogInformation($"decision {i}");
#pragma warning restore CA1848, CA2254, CA1873
        }

        services.Dispose();

        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5_000, lines.Length);
        Assert.EndsWith("decision 4999", lines[^1], StringComparison.Ordinal);
    }

    /// <summary>A container as the host builds one: logging configured by <see cref="ServerLog.Configure"/>.</summary>
    private ServiceProvider Services(StringWriter stderr)
    {
        var environment = new CliEnvironment { GetVariable = _ => null, Time = _time };
        var context = new CliContext(environment, new CliOutput(TextWriter.Null, stderr, environment));
        return new ServiceCollection().AddLogging(logging => ServerLog.Configure(logging, context)).BuildServiceProvider();
    }
}
