using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>What an install would do (computed without touching anything; <see cref="OpenClawInstaller.Apply"/> does it).</summary>
internal sealed class OpenClawInstallPlan
{
    public required OpenClawLocation Location { get; init; }

    public required OpenClawSettings Settings { get; init; }

    public required OpenClawConfigFile Config { get; init; }

    /// <summary>The config as it will be written.</summary>
    public required JsonObject NewConfig { get; init; }

    public required bool ConfigChanges { get; init; }

    public required IReadOnlyList<InstallFileStep> Files { get; init; }

    public required IReadOnlyList<InstallConfigStep> ConfigSteps { get; init; }

    public required IReadOnlyList<InstallKeyStep> Keys { get; init; }

    public required OpenClawManifest Manifest { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public bool HasChanges => ConfigChanges || Files.Any(f => f.Action != "unchanged") || Keys.Any(k => k.Action == "create");
}
