using System.CommandLine;
using System.Globalization;

namespace Sigilum.CommandLine.Services;

/// <summary>The <c>--port</c> a service's install passes on to the foreground command the unit runs.</summary>
public static class ServicePort
{
    /// <summary><c>--port N</c> when <paramref name="port"/> was given; a port outside 1-65535 is a usage error.</summary>
    public static IEnumerable<string> Arguments(ParseResult parseResult, Option<int?>? port)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (port is null || parseResult.GetValue(port) is not { } number)
        {
            return [];
        }
        return number is >= 1 and <= 65535
            ? ["--port", number.ToString(CultureInfo.InvariantCulture)]
            : throw new CliException(ExitCodes.Usage, $"The port must be 1-65535, not {number}.");
    }
}
