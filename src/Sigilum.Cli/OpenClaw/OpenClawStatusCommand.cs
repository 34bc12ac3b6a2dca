using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.OpenClaw.Assets;
using Sigilum.Cli.Stack;
using Sigilum.Sdk.Identity;
using Spectre.Console;

namespace Sigilum.Cli.OpenClaw;

/// <summary><c>sigilum openclaw status</c>: what is installed, with which settings, gateway and pairing health, keys per agent, warnings.</summary>
internal static class OpenClawStatusCommand
{
    public static Command Create(CliContext context)
    {
        var openClawHome = OpenClawCommand.OpenClawHomeOption();
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("status", openClawHome, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var location = OpenClawLocation.Resolve(context, parseResult.GetValue(openClawHome));
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var config = OpenClawConfigFile.Load(location.ConfigPath);
            var warnings = new List<string>();

            var files = OpenClawAssets.All.Select(asset =>
            {
                var full = location.PathOf(asset.RelativePath);
                var state = !File.Exists(full) ? "missing" : File.ReadAllBytes(full).AsSpan().SequenceEqual(asset.Content) ? "ok" : "modified";
                return (asset.RelativePath, State: state);
            }).ToList();
            var installed = files.All(f => f.State != "missing");
            var anyInstalled = files.Any(f => f.State != "missing");

            string? Env(string name) => JsonTree.Get(config.Root, "env", "vars", name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var ns = Env("SIGILUM_NAMESPACE");
            var mode = Env("SIGILUM_MODE");
            var gatewayUrl = Env("SIGILUM_GATEWAY_URL");
            var cliPath = Env("SIGILUM_CLI_PATH");
            var keyRoot = Env("SIGILUM_KEY_ROOT") ?? location.KeyRoot;
            var hooks = new JsonObject();
            foreach (var name in new[] { OpenClawConfigPatch.PluginHook, OpenClawConfigPatch.NotifyHook })
            {
                hooks[name] = JsonTree.Get(config.Root, "hooks", "internal", "entries", name) is JsonObject entry
                    ? entry["enabled"] is JsonValue e && e.TryGetValue<bool>(out var enabled) && !enabled ? "disabled" : "enabled"
                    : "absent";
            }
            var skill = JsonTree.Get(config.Root, "skills", "entries", OpenClawConfigPatch.Skill) is JsonObject ? "enabled" : "absent";

            var healthy = gatewayUrl is not null && await HealthProbe.IsHealthyAsync(context, gatewayUrl, cancellationToken);
            var paired = healthy && (GatewayConnection.Read(paths) is not null || PinExists(paths) ||
                await HealthProbe.IsHealthyAsync(context, gatewayUrl!, cancellationToken, "/health/ready"));

            var agents = OpenClawAgents.Named(config.Root).Select(AgentKeyDirectory.SanitizeAgentId).Distinct(StringComparer.Ordinal).ToList();
            var keys = agents.Union(AgentKeyDirectory.ListAgents(keyRoot), StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(agent => (Agent: agent, Named: agents.Contains(agent), Key: AgentKeyDirectory.Find(keyRoot, agent)))
                .ToList();

            if (anyInstalled)
            {
                if (files.Any(f => f.State == "missing"))
                {
                    warnings.Add("Some Sigilum files are missing: run `sigilum openclaw install` again.");
                }
                if (files.Any(f => f.State == "modified"))
                {
                    warnings.Add("Some Sigilum files differ from what this CLI installs: `sigilum openclaw install` brings them up to date.");
                }
                if (hooks[OpenClawConfigPatch.PluginHook]!.GetValue<string>() != "absent" && OpenClawConfigPatch.OtherHookEntries(config.Root).Count == 0)
                {
                    warnings.Add(OpenClawConfigPatch.AllowListWarning);
                }
                if (keys.Any(k => k.Named && k.Key is null))
                {
                    warnings.Add("Agents without a key: " + string.Join(", ", keys.Where(k => k.Named && k.Key is null).Select(k => k.Agent)) +
                        " (the sigilum-plugin hook creates them at the next start, or run `sigilum openclaw install`).");
                }
                if (gatewayUrl is not null && !healthy)
                {
                    warnings.Add($"The gateway at {gatewayUrl} does not answer GET /health: agents cannot reach providers. Start it (sigilum up, or sigilum gateway start --detach).");
                }
                else if (mode == "managed" && healthy && !paired)
                {
                    warnings.Add($"The gateway at {gatewayUrl} is not paired with a control plane: approvals cannot reach it (sigilum gateway connect).");
                }
                if (cliPath is not null && !File.Exists(cliPath))
                {
                    warnings.Add($"SIGILUM_CLI_PATH {cliPath} does not exist: the skill helper cannot run. Run `sigilum openclaw install --force` from the sigilum you use.");
                }
                if (config.Exists && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(config.Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
                {
                    warnings.Add($"{config.Path} is readable by other users; run: chmod 600 {config.Path}");
                }
                var legacy = LegacyKeyScanner.Scan(location, config);
                if (legacy.Count > 0)
                {
                    warnings.Add($"{legacy.Count} provider key(s) still sit in OpenClaw's config or .env files where agents can read them: move them into the gateway with `sigilum openclaw import-keys`.");
                }
            }

            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "openclaw status",
                    ["installed"] = installed,
                    ["stateDir"] = location.StateDirectory,
                    ["configPath"] = config.Path,
                    ["configExists"] = config.Exists,
                    ["mode"] = mode,
                    ["namespace"] = ns,
                    ["gatewayUrl"] = gatewayUrl,
                    ["gatewayHealthy"] = healthy,
                    ["paired"] = paired,
                    ["apiUrl"] = Env("SIGILUM_API_URL"),
                    ["dashboardUrl"] = Env("SIGILUM_DASHBOARD_URL"),
                    ["cliPath"] = cliPath,
                    ["keyRoot"] = keyRoot,
                    ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["path"] = f.RelativePath, ["state"] = f.State })]),
                    ["hooks"] = hooks,
                    ["skill"] = skill,
                    ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
                    {
                        ["agent"] = k.Agent,
                        ["namedInConfig"] = k.Named,
                        ["fingerprint"] = k.Key?.Fingerprint,
                        ["publicKey"] = k.Key is null ? null : Convert.ToBase64String(k.Key.PublicKey),
                    })]),
                    ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)JsonValue.Create(w)!)]),
                });
                return installed ? ExitCodes.Ok : ExitCodes.CheckFailed;
            }
            var console = context.Output.Console;
            if (!anyInstalled)
            {
                console.WriteLine($"Sigilum is not installed in the OpenClaw state at {location.StateDirectory}. Install it with: sigilum openclaw install (or sigilum openclaw connect)");
                return ExitCodes.CheckFailed;
            }
            var table = new Table().AddColumns("openclaw", string.Empty).HideHeaders();
            table.AddRow("installed", installed ? "[green]yes[/]" : "[red]incomplete[/]");
            table.AddRow("state", Markup.Escape(location.StateDirectory));
            table.AddRow("config", Markup.Escape(config.Path));
            table.AddRow("mode", Markup.Escape(mode ?? "?"));
            table.AddRow("namespace", Markup.Escape(ns ?? "?"));
            table.AddRow("gateway", Markup.Escape(gatewayUrl ?? "?") + (healthy ? " [green]healthy[/]" : " [red]not answering[/]"));
            table.AddRow("pairing", paired ? "[green]paired[/]" : "[yellow]not paired[/]");
            table.AddRow("dashboard", Markup.Escape(Env("SIGILUM_DASHBOARD_URL") ?? "?"));
            table.AddRow("sigilum cli", Markup.Escape(cliPath ?? "?"));
            table.AddRow("hooks", Markup.Escape(string.Join(", ", hooks.Select(h => $"{h.Key} {h.Value}"))));
            table.AddRow("skill", $"sigilum {skill}");
            foreach (var file in files)
            {
                table.AddRow("file", Markup.Escape($"{file.RelativePath} {file.State}"));
            }
            foreach (var key in keys)
            {
                table.AddRow("key", Markup.Escape($"{key.Agent}: {(key.Key is null ? "none" : key.Key.Fingerprint)}{(key.Named ? string.Empty : " (not named in the config)")}"));
            }
            console.Write(table);
            foreach (var warning in warnings)
            {
                context.Output.WriteWarning(warning);
            }
            return installed ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    private static bool PinExists(Local.SigilumPaths paths)
    {
        try
        {
            return Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory) is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
