using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Spectre.Console;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// <c>sigilum gateway pair --status | --stop | --start</c>, on the gateway's machine: the relay stream through which the
/// dashboard administers this gateway (ADR 0018).
/// </summary>
internal static class GatewayPairCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Option<bool>("--status") { Description = "Show whether the relay stream is up, since when, to which control plane, as which node (the default)." };
        var stop = new Option<bool>("--stop") { Description = "Turn the relay off: saved in gateway/appsettings.json (stays off after restarts) and stopped in the running gateway." };
        var start = new Option<bool>("--start") { Description = "Turn the relay back on, saved and in the running gateway." };
        var local = new HomeOptions();
        var admin = new GatewayAdminOptions();
        return CommandDeclaration.Define("pair", [status, stop, start, .. local.Symbols, .. admin.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var switches = new[] { parseResult.GetValue(status), parseResult.GetValue(stop), parseResult.GetValue(start) }.Count(s => s);
            if (switches > 1)
            {
                throw new CliException(ExitCodes.Usage, "Give one of --status, --stop and --start.");
            }
            var paths = local.Paths(context, parseResult);
            bool? turnOn = parseResult.GetValue(stop) ? false : parseResult.GetValue(start) ? true : null;
            if (turnOn is { } on)
            {
                GatewayRelaySetting.Write(paths, on);
            }
            using var client = admin.Open(context, parseResult, parseResult.GetValue(local.Home));
            JsonNode? live = null;
            string? unreachable = null;
            try
            {
                live = await client.SendAsync(turnOn switch { null => HttpMethod.Get, _ => HttpMethod.Post },
                    turnOn switch { null => "/relay", true => "/relay/start", false => "/relay/stop" }, null, cancellationToken);
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.Network)
            {
                unreachable = ex.Message;
            }
            var saved = GatewayRelaySetting.Read(paths);
            var connected = live?["connected"]?.GetValue<bool>() ?? false;
            context.Output.Report(local.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "gateway pair",
                ["gatewayUrl"] = client.Display,
                ["running"] = live is not null,
                ["enabledSetting"] = saved,
                ["settingsFile"] = GatewayRelaySetting.PathFor(paths),
                ["enabled"] = live?["enabled"]?.DeepClone(),
                ["connected"] = connected,
                ["connectedSince"] = live?["connected_since"]?.DeepClone(),
                ["controlPlaneUrl"] = live?["control_plane_url"]?.DeepClone(),
                ["nodeId"] = live?["node_id"]?.DeepClone(),
                ["encryptionKeyId"] = live?["encryption_key_id"]?.DeepClone(),
                ["lastError"] = live?["last_error"]?.DeepClone(),
            }, output => Print(context, client, live, unreachable, saved, turnOn));
            return turnOn is not null || connected ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    private static void Print(CliContext context, GatewayAdminClient client, JsonNode? live, string? unreachable, bool saved, bool? turnOn)
    {
        var console = context.Output.Console;
        if (turnOn is { } on)
        {
            console.MarkupLineInterpolated($"Relay [bold]{(on ? "on" : "off")}[/] (saved in gateway/appsettings.json{(live is null ? "; the gateway is not running, it applies at the next start" : ", applied to the running gateway")}).");
        }
        if (live is null)
        {
            console.MarkupLineInterpolated($"[yellow]The gateway at {client.Display} is not answering[/]: {unreachable}");
            console.MarkupLineInterpolated($"Relay setting: {(saved ? "on" : "off")}.");
            return;
        }
        var connected = live["connected"]?.GetValue<bool>() ?? false;
        var since = live["connected_since"]?.GetValue<DateTimeOffset?>();
        // The colour is markup of our own; only the timestamp is interpolated (and escaped).
        console.MarkupLine("Relay stream: " + (connected ? "[green]up[/]" : "[yellow]down[/]")
            + Markup.Escape(since is { } s ? " since " + s.ToString("u", CultureInfo.InvariantCulture) : string.Empty));
        console.MarkupLineInterpolated($"Enabled:       {((live["enabled"]?.GetValue<bool>() ?? false) ? "yes" : "no")} (setting: {(saved ? "on" : "off")})");
        console.MarkupLineInterpolated($"Control plane: {live["control_plane_url"]?.GetValue<string>()}");
        console.MarkupLineInterpolated($"Node:          {live["node_id"]?.GetValue<string>() ?? "(not paired)"}");
        console.MarkupLineInterpolated($"Key id:        {live["encryption_key_id"]?.GetValue<string>()}");
        if (!connected && live["last_error"]?.GetValue<string>() is { } error)
        {
            console.MarkupLineInterpolated($"Last error:    {error}");
        }
    }
}
