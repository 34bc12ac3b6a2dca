using System.CommandLine;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable</c>: the gateway's shared credential variables.</summary>
internal static class VariableCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("variable",
            VariableSetCommand.Create(context),
            VariableListCommand.Create(context),
            VariableDeleteCommand.Create(context));
    }
}
