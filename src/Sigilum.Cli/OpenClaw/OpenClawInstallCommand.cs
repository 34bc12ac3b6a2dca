using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.OpenClaw;

/// <summary><c>sigilum openclaw install</c>: hooks, skill, per-agent keys and config for today's OpenClaw; idempotent.</summary>
internal static class OpenClawInstallCommand
{
    public static Command Create(CliContext context)
    {
        var options = new OpenClawInstallOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("install", [.. options.Symbols, dryRun, json]).WithAction(async (parseResult, cancellationToken) =>
        {
            var location = OpenClawLocation.Resolve(context, parseResult.GetValue(options.OpenClawHome));
            using var prompt = new OpenClawPrompt(context);
            var settings = options.Resolve(context, parseResult, location, prompt);
            var result = await RunAsync(context, location, settings, context.ResolvePaths(parseResult.GetValue(options.Home)),
                parseResult.GetValue(options.Force), parseResult.GetValue(dryRun), cancellationToken);
            Print(context, result, parseResult.GetValue(json));
            return ExitCodes.Ok;
        });
    }

    /// <summary>The outcome of an install, for printing.</summary>
    internal sealed record Outcome(OpenClawInstallPlan Plan, bool DryRun, string? Backup, IReadOnlyList<string> Warnings);

    /// <summary>Checks the mode, plans, and (unless a dry run) applies. Shared with <c>openclaw connect</c>.</summary>
    public static async Task<Outcome> RunAsync(CliContext context, OpenClawLocation location, OpenClawSettings settings, SigilumPaths paths, bool force, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var warnings = new List<string>();
        if (settings.Mode == "managed")
        {
            if (await OpenClawInstallOptions.ManagedProblemAsync(context, paths, settings, cancellationToken) is { } problem)
            {
                throw new CliException(ExitCodes.CheckFailed, problem);
            }
        }
        else if (!await Stack.HealthProbe.IsHealthyAsync(context, settings.GatewayUrl, cancellationToken))
        {
            warnings.Add($"The gateway at {settings.GatewayUrl} does not answer yet; start the local stack with `sigilum up` before agents call it.");
        }
        var plan = OpenClawInstaller.Plan(location, settings, force);
        warnings.AddRange(plan.Warnings);
        var backup = dryRun ? null : OpenClawInstaller.Apply(plan, context.Environment.Time);
        return new Outcome(plan, dryRun, backup, warnings);
    }

    public static void Print(CliContext context, Outcome outcome, bool json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        var plan = outcome.Plan;
        if (json)
        {
            context.Output.WriteJson(ToJson(outcome));
            return;
        }
        foreach (var warning in outcome.Warnings)
        {
            context.Output.WriteWarning(warning);
        }
        var output = context.Output.Out;
        var configNote = plan.Config.Exists ? (plan.Config.IsPlainJson ? string.Empty : " (JSON5; written back as plain JSON, 2-space indent)") : " (new)";
        output.WriteLine($"OpenClaw state: {plan.Location.StateDirectory}");
        output.WriteLine($"Config:         {plan.Config.Path}{configNote}");
        output.WriteLine($"Mode:           {plan.Settings.Mode}, namespace {plan.Settings.Namespace}, gateway {plan.Settings.GatewayUrl}, control plane {plan.Settings.ApiUrl}");
        output.WriteLine($"Sigilum CLI:    {plan.Settings.CliPath.Path} ({plan.Settings.CliPath.How})");
        if (!plan.HasChanges)
        {
            output.WriteLine("Already installed: nothing to change (files, permissions, config values and keys are as this install writes them).");
            return;
        }
        output.WriteLine(outcome.DryRun ? "Plan (dry run):" : "Changes:");
        foreach (var file in plan.Files.Where(f => f.Action != "unchanged"))
        {
            output.WriteLine($"  {file.Action,-9} {file.RelativePath} ({file.ModeText})");
        }
        foreach (var step in plan.ConfigSteps.Where(s => s.Action != "unchanged"))
        {
            output.WriteLine($"  {step.Action,-9} {step.Display} = {Short(step.Value)}");
        }
        foreach (var key in plan.Keys.Where(k => k.Action == "create"))
        {
            output.WriteLine($"  key       {key.AgentId} (new Ed25519 key pair in {Path.Combine(plan.Location.KeyRoot, key.AgentId)})");
        }
        var unchanged = plan.Files.Count(f => f.Action == "unchanged") + plan.ConfigSteps.Count(s => s.Action == "unchanged") + plan.Keys.Count(k => k.Action == "present");
        if (unchanged > 0)
        {
            output.WriteLine($"  ({unchanged} already as wanted)");
        }
        if (outcome.DryRun)
        {
            output.WriteLine(plan.ConfigChanges && plan.Config.Exists
                ? $"Dry run: nothing was changed. A real run backs up {Path.GetFileName(plan.Config.Path)} first."
                : "Dry run: nothing was changed.");
            return;
        }
        if (outcome.Backup is not null)
        {
            output.WriteLine($"Backup:         {outcome.Backup}");
        }
        output.WriteLine("Installed. Restart OpenClaw's gateway to load the hooks: openclaw gateway restart");
    }

    // Entries carry the same SIGILUM_* values as env.vars: name them rather than repeat them.
    private static string Short(JsonNode value) => value is JsonObject { } obj && obj["env"] is JsonObject env
        ? $"{{\"enabled\":true,\"env\":{{{string.Join(",", env.Select(e => e.Key))}}}}}"
        : value.ToJsonString();

    private static JsonObject ToJson(Outcome outcome)
    {
        var plan = outcome.Plan;
        return new JsonObject
        {
            ["command"] = "openclaw install",
            ["dryRun"] = outcome.DryRun,
            ["changed"] = plan.HasChanges && !outcome.DryRun,
            ["hasChanges"] = plan.HasChanges,
            ["stateDir"] = plan.Location.StateDirectory,
            ["configPath"] = plan.Config.Path,
            ["configWasJson5"] = plan.Config.Exists && !plan.Config.IsPlainJson,
            ["backup"] = outcome.Backup,
            ["mode"] = plan.Settings.Mode,
            ["namespace"] = plan.Settings.Namespace,
            ["gatewayUrl"] = plan.Settings.GatewayUrl,
            ["apiUrl"] = plan.Settings.ApiUrl,
            ["dashboardUrl"] = plan.Settings.DashboardUrl,
            ["keyRoot"] = plan.Settings.KeyRoot,
            ["cliPath"] = plan.Settings.CliPath.Path,
            ["files"] = new JsonArray([.. plan.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.RelativePath, ["action"] = f.Action, ["mode"] = f.ModeText })]),
            ["config"] = new JsonArray([.. plan.ConfigSteps.Select(s => (JsonNode)new JsonObject { ["path"] = s.Display, ["action"] = s.Action, ["value"] = s.Value.DeepClone() })]),
            ["keys"] = new JsonArray([.. plan.Keys.Select(k => (JsonNode)new JsonObject { ["agent"] = k.AgentId, ["action"] = k.Action, ["fingerprint"] = k.Fingerprint })]),
            ["warnings"] = new JsonArray([.. outcome.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!)]),
        };
    }
}
