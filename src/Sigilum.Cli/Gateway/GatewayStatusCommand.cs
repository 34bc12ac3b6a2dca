using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;
using Spectre.Console;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway status</c>: is the gateway of this home running, answering and ready?</summary>
internal static class GatewayStatusCommand
{
    public static Command Create(CliContext context)
    {
        var local = new HomeOptions();
        return CommandDeclaration.Define("status", local.Symbols).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = local.Paths(context, parseResult);
            var state = RunState.Read(paths, ServerKind.Gateway);
            var alive = state is { IsAlive: true };
            var healthy = alive && await HealthProbe.IsHealthyAsync(context, state!.Url, cancellationToken);
            var ready = healthy && await HealthProbe.IsHealthyAsync(context, state!.Url, cancellationToken, "/health/ready");
            var pin = ReadPin(paths);
            context.Output.Report(local.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "gateway status",
                ["running"] = alive,
                ["healthy"] = healthy,
                ["ready"] = ready,
                ["pid"] = alive ? state!.Pid : null,
                ["url"] = alive ? state!.Url : null,
                ["namespace"] = alive ? state!.Namespace : null,
                ["controlPlaneUrl"] = alive ? state!.ControlPlaneUrl : null,
                ["store"] = alive ? state!.Store : null,
                ["detached"] = alive ? state!.Detached : null,
                ["startedAt"] = alive ? state!.StartedAt : null,
                ["logFile"] = alive ? state!.LogFile : null,
                ["controlPlaneKey"] = pin?.PublicKey,
                ["controlPlaneKeyFingerprint"] = pin?.Fingerprint,
                ["controlPlaneKeySource"] = pin?.Source,
            }, output => Print(context, paths, state, alive, healthy, ready, pin));
            return healthy ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    // The pin is shown even when the gateway is stopped: it is what decides whom the gateway will trust.
    private static Sigilum.Gateway.ControlPlane.ControlPlanePin? ReadPin(SigilumPaths paths)
    {
        try
        {
            return Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Print(CliContext context, SigilumPaths paths, RunState? state, bool alive, bool healthy, bool ready, Sigilum.Gateway.ControlPlane.ControlPlanePin? pin)
    {
        var console = context.Output.Console;
        console.WriteLine(pin is null
            ? "Control-plane key: none pinned; the gateway trusts nothing from its control plane. Re-pair with: sigilum gateway connect (or sigilum up)"
            : $"Control-plane key: {pin.Fingerprint} ({pin.PublicKey}), pinned by {pin.Source ?? "?"} from {pin.ApiUrl ?? "?"}");
        if (!alive)
        {
            console.WriteLine(state is null
                ? $"The gateway is not running (no {paths.GatewayStateFile}). Start it with: sigilum gateway start --detach (or sigilum up)"
                : $"The gateway is not running (pid {state.Pid} is gone). Start it with: sigilum gateway start --detach");
            return;
        }
        var table = new Table().AddColumns("gateway", string.Empty).HideHeaders();
        table.AddRow("status", !healthy ? "[red]running, not answering /health[/]" : ready ? "[green]running, ready[/]" : "[yellow]running, not ready (see /health/ready)[/]");
        table.AddRow("url", Markup.Escape(state!.Url));
        table.AddRow("namespace", Markup.Escape(state.Namespace ?? "?"));
        table.AddRow("control plane", Markup.Escape(state.ControlPlaneUrl ?? "?"));
        table.AddRow("pid", state.Pid.ToString(CultureInfo.InvariantCulture));
        table.AddRow("store", Markup.Escape(state.Store));
        table.AddRow("mode", state.Detached ? "background" : "foreground");
        table.AddRow("started", state.StartedAt.ToString("u", CultureInfo.InvariantCulture));
        if (state.LogFile is { } log)
        {
            table.AddRow("log", Markup.Escape(log));
        }
        console.Write(table);
    }
}
