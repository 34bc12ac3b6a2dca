using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.OpenClaw.Assets;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// <c>sigilum openclaw uninstall</c>: removes exactly what install wrote — its files, the config keys it set (a key that
/// existed before gets its old value back; one the user changed since is kept), the install record — after a 0600 backup
/// of the config. Agent keys only with <c>--purge-keys</c>. The config keeps only keys today's OpenClaw accepts.
/// </summary>
internal static class OpenClawUninstallCommand
{
    private static readonly string[] Folders = ["hooks/sigilum-plugin", "hooks/sigilum-authz-notify", "skills/sigilum/bin", "skills/sigilum", ".sigilum/bin"];

    public static Command Create(CliContext context)
    {
        var openClawHome = OpenClawCommand.OpenClawHomeOption();
        var purgeKeys = new Option<bool>("--purge-keys") { Description = "Also delete the agents' key pairs and everything else under <state>/.sigilum (subject hints)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be removed and change nothing." };
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("uninstall", openClawHome, purgeKeys, dryRun, json).WithAction(parseResult =>
        {
            var location = OpenClawLocation.Resolve(context, parseResult.GetValue(openClawHome));
            var manifest = OpenClawManifest.Read(location.ManifestPath);
            var config = OpenClawConfigFile.Load(location.ConfigPath);
            var original = (JsonObject)config.Root.DeepClone();
            var actions = new List<(string Type, string Target)>();
            var warnings = new List<string>();

            if (manifest is not null)
            {
                foreach (var record in manifest.Config)
                {
                    if (!JsonTree.TryGet(config.Root, record.Path, out var current))
                    {
                        continue;
                    }
                    if (!JsonNode.DeepEquals(current, record.Written))
                    {
                        warnings.Add($"Kept {JsonTree.Display(record.Path)}: it was changed after install.");
                        continue;
                    }
                    if (record.HadPrevious && JsonNode.DeepEquals(record.Previous, record.Written))
                    {
                        // Install found it as it wanted it: it is the user's, untouched.
                        continue;
                    }
                    if (record.HadPrevious)
                    {
                        JsonTree.Set(config.Root, record.Path, record.Previous?.DeepClone());
                        actions.Add(("restore", JsonTree.Display(record.Path)));
                    }
                    else
                    {
                        JsonTree.Remove(config.Root, record.Path);
                        actions.Add(("remove", JsonTree.Display(record.Path)));
                    }
                }
            }
            else
            {
                // No record (it was deleted, or another installer ran): remove only what is unmistakably Sigilum's.
                foreach (var path in OpenClawConfigPatch.OwnedPaths.Where(p => !p.SequenceEqual(OpenClawConfigPatch.HooksEnabledPath)))
                {
                    if (JsonTree.Remove(config.Root, path))
                    {
                        actions.Add(("remove", JsonTree.Display(path)));
                    }
                }
            }
            var configChanged = !JsonNode.DeepEquals(original, config.Root);
            // A config that only install created, and that is empty again, goes away with it.
            var deleteConfig = configChanged && manifest?.ConfigCreated == true && config.Root.Count == 0;

            var files = (manifest?.Files ?? [.. OpenClawAssets.All.Select(a => a.RelativePath), ".sigilum/bin/sigilum"])
                .Distinct(StringComparer.Ordinal)
                .Where(f => File.Exists(location.PathOf(f)))
                .ToList();
            actions.AddRange(files.Select(f => ("delete", f)));
            var purge = parseResult.GetValue(purgeKeys);
            if (purge && Directory.Exists(location.SigilumDirectory))
            {
                actions.Add(("delete", ".sigilum/ (agent keys, subject hints)"));
            }
            else if (File.Exists(location.ManifestPath))
            {
                actions.Add(("delete", ".sigilum/openclaw-install.json"));
            }
            if (deleteConfig)
            {
                actions.Add(("delete", Path.GetFileName(config.Path) + " (created by install, now empty)"));
            }

            string? backup = null;
            var dry = parseResult.GetValue(dryRun);
            if (!dry)
            {
                if (configChanged && !deleteConfig)
                {
                    backup = config.Backup(context.Environment.Time);
                    config.Save();
                }
                else if (deleteConfig)
                {
                    File.Delete(config.Path);
                }
                foreach (var file in files)
                {
                    File.Delete(location.PathOf(file));
                }
                foreach (var folder in Folders)
                {
                    var full = location.PathOf(folder);
                    if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any())
                    {
                        Directory.Delete(full);
                    }
                    else if (Directory.Exists(full) && !folder.StartsWith(".sigilum", StringComparison.Ordinal))
                    {
                        warnings.Add($"Kept {folder}/: it holds files install did not write.");
                    }
                }
                if (purge && Directory.Exists(location.SigilumDirectory))
                {
                    Directory.Delete(location.SigilumDirectory, recursive: true);
                }
                else if (File.Exists(location.ManifestPath))
                {
                    File.Delete(location.ManifestPath);
                }
            }

            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject
                {
                    ["command"] = "openclaw uninstall",
                    ["dryRun"] = dry,
                    ["stateDir"] = location.StateDirectory,
                    ["configPath"] = config.Path,
                    ["backup"] = backup,
                    ["keysPurged"] = purge && !dry,
                    ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject { ["type"] = a.Type, ["target"] = a.Target })]),
                    ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)JsonValue.Create(w)!)]),
                },
                output =>
                {
                    foreach (var warning in warnings)
                    {
                        output.WriteWarning(warning);
                    }
                    var text = output.Out;
                    if (actions.Count == 0)
                    {
                        text.WriteLine($"Nothing to remove: Sigilum is not installed in {location.StateDirectory}.");
                        return;
                    }
                    text.WriteLine(dry ? "Plan (dry run):" : "Removed:");
                    foreach (var (type, target) in actions)
                    {
                        text.WriteLine($"  {type,-8} {target}");
                    }
                    if (dry)
                    {
                        text.WriteLine("Dry run: nothing was changed.");
                        return;
                    }
                    if (backup is not null)
                    {
                        text.WriteLine($"Backup: {backup}");
                    }
                    if (!purge && Directory.Exists(location.KeyRoot))
                    {
                        text.WriteLine($"Agent keys kept in {location.KeyRoot} (remove them with --purge-keys).");
                    }
                    text.WriteLine("Uninstalled. Restart OpenClaw's gateway: openclaw gateway restart");
                });
        });
    }
}
