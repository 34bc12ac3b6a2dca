using System.CommandLine;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum api</c>: run the control plane alone (start, stop, status).</summary>
internal static class ApiCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("api",
            ApiStartCommand.Create(context),
            ApiStopCommand.Create(context),
            ApiStatusCommand.Create(context));
    }
}
