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
        var command = new Command("down")
        {
            home, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            // The data planes first, so they drain while the control plane still answers them.
            var (vaultOutcome, vaultState) = await ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Vault);
            var (gatewayOutcome, gatewayState) = await ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Gateway);
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken);
            if (parseResult.GetValue(json))
            {
                var document = ApiStopCommand.ToJson("down", outcome, state);
                document["gateway"] = Gateway.GatewayStopCommand.ToJson("gateway stop", gatewayOutcome, gatewayState);
                document["vault"] = ApiStopCommand.ToJson("vault stop", vaultOutcome, vaultState);
                document["notAvailable"] = new JsonArray();
                context.Output.WriteJson(document);
                return ExitCodes.Ok;
            }
            context.Output.Out.WriteLine(DescribeVault(vaultOutcome, vaultState));
            context.Output.Out.WriteLine(Gateway.GatewayStopCommand.Describe(gatewayOutcome, gatewayState, paths));
            context.Output.Out.WriteLine(ApiStopCommand.Describe(outcome, state, paths));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string DescribeVault(ServerStopper.Outcome outcome, RunState? state) => outcome switch
    {
        ServerStopper.Outcome.Stopped => $"Stopped the vault at {state!.Url} (pid {state.Pid}).",
        ServerStopper.Outcome.Killed => $"The vault at {state!.Url} (pid {state.Pid}) did not stop in time and was killed.",
        ServerStopper.Outcome.Stale => $"The vault was not running (pid {state!.Pid} is gone); removed its leftover run files.",
        _ => "The vault is not running from this home (a `sigil-vault start` elsewhere stops with Ctrl+C).",
    };
}
