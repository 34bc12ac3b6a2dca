using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Spectre.Console;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum api start</c>: the control plane in the foreground, or in the background with --detach.</summary>
internal static class ApiStartCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int?>("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one) [default: $SIGILUM_API_PORT, else 8787].", HelpName = "port" };
        var store = new Option<string?>("--store") { Description = "Where data lives [default: $SIGILUM_STORE, else sqlite].", HelpName = "sqlite|postgres" };
        store.AcceptOnlyFromAmong(ServerSettings.Stores);
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string for --store postgres [default: $SIGILUM_POSTGRES, which keeps it out of `ps`].",
            HelpName = "conn",
        };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background; return once it answers /health." };
        var allowPrivate = ServerOptions.AllowPrivateWebhooks();
        var config = ServerOptions.Config();
        var daemon = new Option<bool>(BackgroundServer.DaemonFlag) { Hidden = true };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("start", port, store, postgres, detach, allowPrivate, config, daemon, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var settings = ServerSettings.Resolve(context, parseResult.GetValue(port), parseResult.GetValue(store), parseResult.GetValue(postgres))
                with { AllowPrivateWebhooks = parseResult.GetValue(allowPrivate), ConfigFile = parseResult.GetValue(config) is { } file ? context.ResolvePath(file) : null };
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(detach))
            {
                var state = await BackgroundServer.StartAsync(context, paths, settings, cancellationToken);
                Report(context, state, paths, asJson);
                return ExitCodes.Ok;
            }
            var isDaemon = parseResult.GetValue(daemon);
            if (isDaemon)
            {
                LocalProcess.DetachFromTerminal();
            }
            await using (var server = await LocalControlPlane.StartAsync(context, paths, settings, isDaemon, cancellationToken))
            {
                Report(context, server.State, paths, asJson);
                context.Environment.ServerReady?.Invoke(server.Url);
                await server.WaitForStopAsync(cancellationToken);
                context.Output.Error.WriteLine("Stopping the control plane…");
            }
            context.Output.Error.WriteLine("Control plane stopped.");
            return ExitCodes.Ok;
        });
    }

    private static void Report(CliContext context, RunState state, SigilumPaths paths, bool json)
    {
        if (json)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["command"] = "api start",
                ["url"] = state.Url,
                ["pid"] = state.Pid,
                ["store"] = state.Store,
                ["detached"] = state.Detached,
                ["dataDirectory"] = paths.ControlPlaneDirectory,
                ["logFile"] = state.LogFile,
                ["pidFile"] = paths.ControlPlanePidFile,
            });
            return;
        }
        var console = context.Output.Console;
        console.MarkupLineInterpolated($"[green]Control plane ready[/] at [bold]{state.Url}[/] ({state.Store}, data in {paths.ControlPlaneDirectory}, pid {state.Pid}).");
        console.WriteLine(state.Detached
            ? $"Running in the background; log: {state.LogFile}. Stop it with: sigilum api stop"
            : "Press Ctrl+C to stop.");
    }
}
