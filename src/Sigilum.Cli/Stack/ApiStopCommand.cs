using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum api stop</c>: stop the control plane this home runs.</summary>
internal static class ApiStopCommand
{
    public static Command Create(CliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("stop", home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => ToJson("api stop", outcome, state),
                output => output.Out.WriteLine(Describe(outcome, state, paths)));
        });
    }

    public static JsonObject ToJson(string command, ServerStopper.Outcome outcome, RunState? state) => new()
    {
        ["command"] = command,
        ["wasRunning"] = outcome is ServerStopper.Outcome.Stopped or ServerStopper.Outcome.Killed,
        ["outcome"] = outcome switch
        {
            ServerStopper.Outcome.Stopped => "stopped",
            ServerStopper.Outcome.Killed => "killed",
            ServerStopper.Outcome.Stale => "stale",
            _ => "not-running",
        },
        ["pid"] = state?.Pid,
        ["url"] = state?.Url,
    };

    public static string Describe(ServerStopper.Outcome outcome, RunState? state, SigilumPaths paths) => outcome switch
    {
        ServerStopper.Outcome.Stopped => $"Stopped the control plane at {state!.Url} (pid {state.Pid}).",
        ServerStopper.Outcome.Killed => $"The control plane at {state!.Url} (pid {state.Pid}) did not stop within {ServerStopper.StopTimeout.TotalSeconds:0} s and was killed.",
        ServerStopper.Outcome.Stale => $"The control plane was not running (pid {state!.Pid} is gone); removed its leftover run files.",
        _ => $"The control plane is not running (no {paths.ControlPlaneStateFile}).",
    };
}
