using System.Text.Json.Nodes;
using Sigilum.Cli.OpenClaw.Assets;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Plans and applies an install: the embedded hooks and skill (0600 files, helpers under <c>bin/</c> 0700, folders 0700),
/// a key pair per agent the config names, and the config keys of <see cref="OpenClawConfigPatch"/> — after a 0600 backup of
/// the config, and only when something differs (file bytes, permissions, config values, missing keys), so a second run
/// changes nothing. <c>force</c> rewrites every file and key even when equal.
/// </summary>
internal static class OpenClawInstaller
{
    public static OpenClawInstallPlan Plan(OpenClawLocation location, OpenClawSettings settings, bool force)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(settings);
        var config = OpenClawConfigFile.Load(location.ConfigPath);
        var warnings = new List<string>();

        var files = new List<InstallFileStep>();
        foreach (var asset in OpenClawAssets.All)
        {
            files.Add(FileStep(asset.RelativePath, location.PathOf(asset.RelativePath), asset.Content, asset.Executable, force));
        }
        if (settings.CliPath.Wrapper is { } wrapper)
        {
            files.Add(FileStep(Path.GetRelativePath(location.StateDirectory, location.CliWrapperPath).Replace('\\', '/'), location.CliWrapperPath, wrapper, executable: true, force));
        }

        var newConfig = (JsonObject)config.Root.DeepClone();
        var previous = OpenClawManifest.Read(location.ManifestPath);
        var manifest = new OpenClawManifest
        {
            Mode = settings.Mode,
            Namespace = settings.Namespace,
            ConfigCreated = previous?.ConfigCreated ?? !config.Exists,
        };
        manifest.Files.AddRange(files.Select(f => f.RelativePath));
        var steps = new List<InstallConfigStep>();
        foreach (var (path, value) in OpenClawConfigPatch.Desired(settings))
        {
            var had = JsonTree.TryGet(config.Root, path, out var current);
            var same = had && JsonNode.DeepEquals(current, value);
            steps.Add(new InstallConfigStep(path, value, same ? (force ? "rewrite" : "unchanged") : "set"));
            if (!JsonTree.Set(newConfig, path, value.DeepClone()))
            {
                throw new CliException(ExitCodes.InvalidData,
                    $"{config.Path}: a key on the way to {JsonTree.Display(path)} holds a value that is not an object; fix it and run again. Nothing was changed.");
            }
            // The first install's "before" is what uninstall restores, however often install runs since.
            var earlier = previous?.Find(path);
            manifest.Config.Add(earlier is not null
                ? earlier with { Written = value.DeepClone() }
                : new OpenClawManifest.ConfigRecord(path, value.DeepClone(), had, had ? current?.DeepClone() : null));
        }
        // Keep the record of keys an earlier install set that this one does not (e.g. the notify hook's entry).
        if (previous is not null)
        {
            manifest.Config.AddRange(previous.Config.Where(c => manifest.Find(c.Path) is null));
        }

        var keys = OpenClawAgents.Named(config.Root)
            .Select(AgentKeyDirectory.SanitizeAgentId)
            .Distinct(StringComparer.Ordinal)
            .Select(id => AgentKeyDirectory.Find(location.KeyRoot, id) is { } found
                ? new InstallKeyStep(id, "present", found.Fingerprint)
                : new InstallKeyStep(id, "create", null))
            .ToList();

        if (OpenClawConfigPatch.OtherHookEntries(config.Root).Count == 0)
        {
            warnings.Add(OpenClawConfigPatch.AllowListWarning);
        }
        var configChanges = force || !JsonNode.DeepEquals(config.Root, newConfig);
        if (configChanges && config.Exists && !config.IsPlainJson)
        {
            warnings.Add($"{config.Path} uses JSON5 (comments, unquoted keys or trailing commas); it is written back as plain JSON with a 2-space indent, so its comments are lost. The backup keeps the original.");
        }
        return new OpenClawInstallPlan
        {
            Location = location,
            Settings = settings,
            Config = config,
            NewConfig = newConfig,
            ConfigChanges = configChanges,
            Files = files,
            ConfigSteps = steps,
            Keys = keys,
            Manifest = manifest,
            Warnings = warnings,
        };
    }

    /// <summary>Does what the plan says; returns the backup's path (null when the config was not there or did not change).</summary>
    public static string? Apply(OpenClawInstallPlan plan, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(time);
        if (!plan.HasChanges)
        {
            return null;
        }
        // The backup comes before any other change.
        var backup = plan.ConfigChanges ? plan.Config.Backup(time) : null;
        foreach (var file in plan.Files.Where(f => f.Action != "unchanged"))
        {
            EnsureDirectories(plan.Location.StateDirectory, Path.GetDirectoryName(file.FullPath)!);
            PrivateFiles.WriteAtomically(file.FullPath, file.Content, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file.FullPath, file.Mode);
            }
        }
        foreach (var key in plan.Keys.Where(k => k.Action == "create"))
        {
            AgentKeyDirectory.Ensure(plan.Location.KeyRoot, key.AgentId);
        }
        if (plan.ConfigChanges)
        {
            CreateIfMissing(Path.GetDirectoryName(plan.Config.Path)!);
            PrivateFiles.WriteAtomically(plan.Config.Path, OpenClawConfigFile.Serialize(plan.NewConfig), overwrite: true);
        }
        EnsureDirectories(plan.Location.StateDirectory, plan.Location.SigilumDirectory);
        PrivateFiles.WriteAtomically(plan.Location.ManifestPath, plan.Manifest.Serialize(), overwrite: true);
        return backup;
    }

    private static InstallFileStep FileStep(string relative, string full, byte[] content, bool executable, bool force)
    {
        string action;
        if (!File.Exists(full))
        {
            action = "create";
        }
        else if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(content))
        {
            action = "update";
        }
        else if (force)
        {
            action = "rewrite";
        }
        else
        {
            var step = new InstallFileStep(relative, full, content, executable, "unchanged");
            action = !OperatingSystem.IsWindows() && File.GetUnixFileMode(full) != step.Mode ? "mode" : "unchanged";
        }
        return new InstallFileStep(relative, full, content, executable, action);
    }

    /// <summary>
    /// Sigilum's folders (<c>hooks/sigilum-plugin</c>, <c>skills/sigilum/bin</c>, …) owner-only; OpenClaw's shared parents
    /// (the state directory, <c>hooks/</c>, <c>skills/</c>) are created owner-only when missing but otherwise left as they are.
    /// </summary>
    internal static void EnsureDirectories(string root, string directory)
    {
        CreateIfMissing(root);
        var relative = Path.GetRelativePath(root, directory);
        var current = root;
        var depth = 0;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (++depth == 1 && part != ".sigilum")
            {
                CreateIfMissing(current);
            }
            else
            {
                PrivateFiles.EnsurePrivateDirectory(current);
            }
        }
    }

    private static void CreateIfMissing(string directory)
    {
        if (!Directory.Exists(directory))
        {
            PrivateFiles.EnsurePrivateDirectory(directory);
        }
    }
}
