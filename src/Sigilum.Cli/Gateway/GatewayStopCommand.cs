using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway stop</c>: stop the gateway this home runs.</summary>
internal static class GatewayStopCommand
{
    public static Command Create(CliContext context)
    {
        var local = new HomeOptions();
        return CommandDeclaration.Define("stop", local.Symbols).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = local.Paths(context, parseResult);
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Gateway);
            return context.Output.Report(local.AsJson(parseResult),
                () => ToJson("gateway stop", outcome, state),
                output => output.Out.WriteLine(Describe(outcome, state, paths)));
        });
    }

    // The same document as `api stop`'s: scripts read both servers' stops one way.
    public static JsonObject ToJson(string command, ServerStopper.Outcome outcome, RunState? state) => ApiStopCommand.ToJson(command, outcome, state);

    public static string Describe(ServerStopper.Outcome outcome, RunState? state, SigilumPaths paths) => outcome switch
    {
        ServerStopper.Outcome.Stopped => $"Stopped the gateway at {state!.Url} (pid {state.Pid}).",
        ServerStopper.Outcome.Killed => $"The gateway at {state!.Url} (pid {state.Pid}) did not stop within {ServerStopper.StopTimeout.TotalSeconds:0} s and was killed.",
        ServerStopper.Outcome.Stale => $"The gateway was not running (pid {state!.Pid} is gone); removed its leftover run files.",
        _ => $"The gateway is not running (no {paths.GatewayStateFile}).",
    };
}
