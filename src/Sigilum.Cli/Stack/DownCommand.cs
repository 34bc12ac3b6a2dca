using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;

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
            "Stops the gateway and then the control plane recorded in $SIGILUM_HOME/run/ (SIGTERM, drain, run files removed), like " +
            "`sigilum gateway stop` and `sigilum api stop`; also stops a foreground `up` running in another terminal. Data, identities " +
            "and owner tokens stay. The vault proxy is stopped with its own command (Ctrl+C on `sigil-vault start`). Nothing running is not an error (exit 0).");
        context.Examples.Add(command, "sigilum down", "sigilum down --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            // The gateway first, so it drains while the control plane still answers it.
            var (gatewayOutcome, gatewayState) = await ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Gateway);
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken);
            if (parseResult.GetValue(json))
            {
                var document = ApiStopCommand.ToJson("down", outcome, state);
                document["gateway"] = Gateway.GatewayStopCommand.ToJson("gateway stop", gatewayOutcome, gatewayState);
                document["notAvailable"] = new JsonArray("vault");
                context.Output.WriteJson(document);
                return ExitCodes.Ok;
            }
            context.Output.Out.WriteLine(Gateway.GatewayStopCommand.Describe(gatewayOutcome, gatewayState, paths));
            context.Output.Out.WriteLine(ApiStopCommand.Describe(outcome, state, paths));
            return ExitCodes.Ok;
        });
        return command;
    }
}
