using System.CommandLine;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable</c>: the gateway's shared credential variables.</summary>
internal static class VariableCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("variable", "Set, list and delete the gateway's credential variables (shared secrets used as {{KEY}}).")
        {
            VariableSetCommand.Create(context),
            VariableListCommand.Create(context),
            VariableDeleteCommand.Create(context),
        };
        context.Examples.AddDetails(command,
            "Credential variables are secrets stored once in the gateway (encrypted under its master key) and used by any " +
            "connection whose secret is exactly {{KEY}} (no substring interpolation). Values are never shown again. These " +
            "commands use the gateway's admin API: loopback callers, or the admin token from --admin-token-file / $GATEWAY_ADMIN_TOKEN.");
        context.Examples.Add(command,
            "sigilum variable set OPENAI_KEY --value-stdin < ~/.secrets/openai",
            "sigilum variable list",
            "sigilum variable delete OPENAI_KEY");
        return command;
    }
}
