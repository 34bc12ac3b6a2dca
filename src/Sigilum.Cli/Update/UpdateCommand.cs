using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Diagnostics;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Update;

/// <summary>
/// <c>sigilum update --from &lt;folder|nupkg&gt;</c> (issue 17 item 4, ADR 0057): updates the sigilum and sigil-vault tools
/// from local packages only, restarts what runs (background servers of this home, systemd units of this installation),
/// health-checks the gateway and rolls back to the kept previous packages when the new version does not come up.
/// </summary>
internal static class UpdateCommand
{
    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "A release folder of .nupkg files (scripts/install --pack-only) or one .nupkg.", HelpName = "folder|nupkg", Required = true };
        var toolPath = new Option<string?>("--tool-path") { Description = "The tool installation to update [default: the one this sigilum runs from].", HelpName = "dir" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be installed and restarted, change nothing." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("update", from, toolPath, dryRun, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            var packages = PackageSource.Read(context.ResolvePath(parseResult.GetValue(from)!));
            var installation = parseResult.GetValue(toolPath) is { } path
                ? new ToolInstallation(context.ResolvePath(path), global: false)
                : ToolInstallation.OfAssembly(typeof(UpdateCommand).Assembly.Location, context.Environment.GetVariable("HOME"))
                    ?? throw new CliException(ExitCodes.Usage,
                        $"This sigilum does not run from a .NET tool installation ({typeof(UpdateCommand).Assembly.Location}); pass --tool-path <dir> or install with scripts/install ({ErrorCatalogue.UpdateNotInstalled})");
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var plan = await UpdatePlan.CreateAsync(context, installation, packages, paths, cancellationToken);
            Preflight(context, plan);
            var progress = asJson ? (Action<string>)context.Output.Error.WriteLine : context.Output.Out.WriteLine;
            if (parseResult.GetValue(dryRun))
            {
                return Report(context, plan, asJson, dryRun: true, run: null, code: null);
            }
            if (!plan.Changes.Any())
            {
                progress("Already up to date: " + string.Join(", ", plan.Packages.Select(p => $"{p.Id} {p.Version}")) + ".");
                return Report(context, plan, asJson, dryRun: false, run: null, code: null);
            }
            var work = Directory.CreateTempSubdirectory("sigilum-update-");
            try
            {
                var run = new UpdateRun(context, plan, paths, work.FullName, progress);
                var code = await run.ExecuteAsync(cancellationToken);
                return Report(context, plan, asJson, dryRun: false, run, code);
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
    }

    /// <summary>Refuses, before anything changes, an update that could not finish or could not be undone.</summary>
    private static void Preflight(CliContext context, UpdatePlan plan)
    {
        foreach (var package in plan.Changes)
        {
            if (plan.Installed[package.Id] is { } old && plan.Installation.FindPackage(package.Id, old) is null)
            {
                throw new CliException(ExitCodes.CheckFailed,
                    $"The package of the installed {package.Id} {old} is kept neither in {plan.Installation.KeptPackagesDirectory} nor in the tool store, so a roll-back " +
                    $"could not work offline; copy {ToolPackage.FileName(package.Id, old)} there first ({ErrorCatalogue.UpdatePreviousMissing})");
            }
        }
        if (plan.Units.Count > 0 && !context.Environment.Services.IsPrivileged())
        {
            throw new CliException(ExitCodes.Auth,
                $"The unit(s) {string.Join(", ", plan.Units.Select(u => u.Unit))} run this installation and only root may restart them; run the update with sudo ({ErrorCatalogue.UpdateServiceNotPermitted})");
        }
    }

    private static int Report(CliContext context, UpdatePlan plan, bool asJson, bool dryRun, UpdateRun? run, string? code)
    {
        if (asJson)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["command"] = "update",
                ["ok"] = code is null,
                ["code"] = code,
                ["error"] = run?.Failure,
                ["dryRun"] = dryRun,
                ["toolPath"] = plan.Installation.ToolPath,
                ["packages"] = new JsonArray([.. plan.Packages.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.Id,
                    ["installed"] = plan.Installed[p.Id],
                    ["version"] = p.Version,
                    ["file"] = p.File,
                })]),
                ["restart"] = new JsonArray([.. plan.Background.Select(b => (JsonNode)JsonValue.Create(b.Kind.Name)).Concat(plan.Units.Select(u => (JsonNode)JsonValue.Create(u.Unit)))]),
                ["restarted"] = run?.Restarted.DeepClone() ?? new JsonArray(),
                ["leftAlone"] = new JsonArray([.. plan.LeftAlone.Select(s => (JsonNode)JsonValue.Create(s))]),
                ["rolledBack"] = code == ErrorCatalogue.UpdateRolledBack,
            });
        }
        else
        {
            var output = context.Output.Out;
            if (dryRun)
            {
                output.WriteLine($"Dry run: nothing changes. Tool path: {plan.Installation.ToolPath}");
                foreach (var package in plan.Packages)
                {
                    output.WriteLine($"  {package.Id}: {plan.Installed[package.Id] ?? "not installed"} -> {package.Version}");
                }
                foreach (var target in plan.Background)
                {
                    output.WriteLine($"  would restart the {target.Kind.DisplayName} (pid {target.State.Pid}, {target.State.Url})");
                }
                foreach (var unit in plan.Units)
                {
                    output.WriteLine($"  would restart the unit {unit.Unit}");
                }
            }
            foreach (var note in plan.LeftAlone)
            {
                context.Output.WriteWarning("left alone: " + note);
            }
            if (code is null && !dryRun && run is not null)
            {
                output.WriteLine("Updated: " + string.Join(", ", plan.Changes.Select(p => $"{p.Id} {p.Version}")) + ". Check with: sigilum versions");
            }
        }
        if (code is null)
        {
            return ExitCodes.Ok;
        }
        context.Output.WriteError($"{run?.Failure} ({code})");
        return ExitCodes.CheckFailed;
    }

    /// <summary>For <c>versions</c>: the package version this sigilum was installed as, when it runs from a tool installation.</summary>
    public static string? InstalledPackageVersion => ToolInstallation.SplitStorePath(typeof(VersionsCommand).Assembly.Location).Version;
}
