using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum down</c>: stop what <c>up</c> or <c>api start</c> started from this home.</summary>
internal static class DownCommand
{
    public static Command Create(CliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("down", "Stop the local stack started by `up --detach` or `api start --detach`.")
        {
            home, json,
        };
        context.Examples.AddDetails(command,
            "Stops the control plane recorded in $SIGILUM_HOME/run/ (SIGTERM, drain, run files removed), like `sigilum api stop`; " +
            "also stops a foreground `up` running in another terminal. Data, identities and owner tokens stay. The gateway and " +
            "vault are not in this build yet, so there is nothing else to stop. Nothing running is not an error (exit 0).");
        context.Examples.Add(command, "sigilum down", "sigilum down --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken);
            if (parseResult.GetValue(json))
            {
                var document = ApiStopCommand.ToJson("down", outcome, state);
                document["notAvailable"] = new JsonArray("gateway", "vault");
                context.Output.WriteJson(document);
                return ExitCodes.Ok;
            }
            context.Output.Out.WriteLine(ApiStopCommand.Describe(outcome, state, paths));
            return ExitCodes.Ok;
        });
        return command;
    }
}
