using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Spectre.Console;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum api status</c>: is the control plane of this home running and answering?</summary>
internal static class ApiStatusCommand
{
    public static Command Create(CliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("status", home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var state = RunState.Read(paths);
            var alive = state is { IsAlive: true };
            var healthy = alive && await HealthProbe.IsHealthyAsync(context, state!.Url, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "api status",
                    ["running"] = alive,
                    ["healthy"] = healthy,
                    ["pid"] = alive ? state!.Pid : null,
                    ["url"] = alive ? state!.Url : null,
                    ["store"] = alive ? state!.Store : null,
                    ["detached"] = alive ? state!.Detached : null,
                    ["startedAt"] = alive ? state!.StartedAt : null,
                    ["logFile"] = alive ? state!.LogFile : null,
                });
            }
            else
            {
                Print(context, paths, state, alive, healthy);
            }
            return healthy ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    private static void Print(CliContext context, SigilumPaths paths, RunState? state, bool alive, bool healthy)
    {
        var console = context.Output.Console;
        if (!alive)
        {
            console.WriteLine(state is null
                ? $"The control plane is not running (no {paths.ControlPlaneStateFile}). Start it with: sigilum up"
                : $"The control plane is not running (pid {state.Pid} is gone). Start it with: sigilum up");
            return;
        }
        var table = new Table().AddColumns("control plane", string.Empty).HideHeaders();
        table.AddRow("status", healthy ? "[green]running, healthy[/]" : "[red]running, not answering /health[/]");
        table.AddRow("url", Markup.Escape(state!.Url));
        table.AddRow("pid", state.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("store", Markup.Escape(state.Store));
        table.AddRow("mode", state.Detached ? "background" : "foreground");
        table.AddRow("started", state.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        if (state.LogFile is { } log)
        {
            table.AddRow("log", Markup.Escape(log));
        }
        console.Write(table);
    }
}
