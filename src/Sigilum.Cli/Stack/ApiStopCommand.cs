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
        var command = context.Examples.Define("stop", "Stop the control plane started from this home (by api start or up).",
            new CommandManual(
                "Reads $SIGILUM_HOME/run/controlplane.json, sends SIGTERM and waits (up to 20 s, then kills it) until the server " +
                "has drained and exited; the run files are removed. Works for a background server and for a foreground one " +
                "running in another terminal. Nothing running is not an error: it says so and exits 0, removing leftover run " +
                "files of a server that crashed. The pid is only signalled if that process started when the server did, so a " +
                "reused pid is never hit.",
                "sigilum api stop", "sigilum api stop --json"),
            home, json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var (outcome, state) = await ServerStopper.StopAsync(paths, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => ToJson("api stop", outcome, state),
                output => output.Out.WriteLine(Describe(outcome, state, paths)));
        });
        return command;
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
