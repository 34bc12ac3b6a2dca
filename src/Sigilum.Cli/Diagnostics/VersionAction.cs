using System.CommandLine;
using System.CommandLine.Invocation;

namespace Sigilum.Cli.Diagnostics;

/// <summary>
/// <c>--version</c>: prints this assembly's version. The library's default prints the entry assembly's,
/// which is the test host when the CLI runs in-process.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(VersionsCommand.CliVersion);
        return ExitCodes.Ok;
    }
}
