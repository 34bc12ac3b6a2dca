using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Update;
using Sigilum.CommandLine.Services;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Spectre.Console;

namespace Sigilum.Cli.Diagnostics;

/// <summary>
/// <c>sigilum versions</c> (alias <c>version</c>): every component and what runs, for bug reports and after an update —
/// this CLI (and the package it was installed as), the gateway and control plane it hosts, the sigil-vault found on PATH,
/// the servers this home runs and the systemd units, each with the version it really runs.
/// </summary>
internal static class VersionsCommand
{
    public static Command Create(CliContext context) => Create(context, "versions", hidden: false);

    /// <summary>
    /// <c>sigilum version</c>, the same command under the name people type; hidden so that help lists it once (an alias
    /// would print as "version, versions").
    /// </summary>
    public static Command CreateVersion(CliContext context) => Create(context, "version", hidden: true);

    private static Command Create(CliContext context, string name, bool hidden)
    {
        var json = CommonOptions.Json();
        var home = CommonOptions.Home();
        var command = CommandDeclaration.Define(name, json, home);
        command.Hidden = hidden;
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunAsync(context, context.ResolvePaths(parseResult.GetValue(home)), parseResult.GetValue(json), cancellationToken));
        return command;
    }

    public static string CliVersion =>
        typeof(VersionsCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionsCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static async Task<int> RunAsync(CliContext context, SigilumPaths paths, bool json, CancellationToken cancellationToken)
    {
        var package = UpdateCommand.InstalledPackageVersion;
        var toolPath = ToolInstallation.SplitStorePath(typeof(VersionsCommand).Assembly.Location).ToolPath;
        var vault = await VaultOnPathAsync(context, cancellationToken);
        var running = Running(paths);
        var services = await ServicesAsync(context, cancellationToken);
        var rows = new (string Key, string Label, string Value)[]
        {
            ("cli", "sigilum CLI", CliVersion),
            ("protocolProfile", "signing profile", SigilumHeaders.Profile),
            ("dotnet", ".NET runtime", RuntimeInformation.FrameworkDescription),
            ("ed25519", "Ed25519", Ed25519.Implementation),
            ("os", "OS", RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture),
        };
        if (json)
        {
            var document = new JsonObject { ["command"] = "versions" };
            foreach (var (key, _, value) in rows)
            {
                document[key] = value;
            }
            document["cliPackage"] = package;
            document["toolPath"] = toolPath;
            document["gateway"] = CliVersion;
            document["controlPlane"] = CliVersion;
            document["vaultCli"] = new JsonObject { ["path"] = vault.Path, ["version"] = vault.Version };
            document["running"] = new JsonArray([.. running.Select(r => (JsonNode)r.DeepClone())]);
            document["services"] = new JsonArray([.. services.Select(s => (JsonNode)s.DeepClone())]);
            context.Output.WriteJson(document);
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("Component", "Version");
        table.AddRow(new Text("sigilum CLI"), new Text(CliVersion + (package is null ? string.Empty : $" (package {package}, {toolPath})")));
        table.AddRow(new Text("gateway"), new Text(CliVersion + " (built into sigilum)"));
        table.AddRow(new Text("control plane"), new Text(CliVersion + " (built into sigilum)"));
        table.AddRow(new Text("sigil-vault CLI"), new Text(vault.Path is null ? "not found on PATH" : $"{vault.Version ?? "unknown"} ({vault.Path})"));
        foreach (var (_, label, value) in rows.Skip(1))
        {
            table.AddRow(new Text(label), new Text(value));
        }
        foreach (var server in running.Concat(services))
        {
            var name = (string?)server["component"] ?? (string?)server["unit"];
            var version = (string?)server["version"] ?? "unknown";
            var replaced = (bool?)server["replaced"] == true ? " — replaced since it started: restart it" : string.Empty;
            table.AddRow(new Text($"running: {name}"), new Text($"{version}{replaced} (pid {server["pid"]})"));
        }
        context.Output.Console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>The servers this home runs, with the version each process runs.</summary>
    private static List<JsonObject> Running(SigilumPaths paths)
    {
        var running = new List<JsonObject>();
        foreach (var kind in new[] { ServerKind.ControlPlane, ServerKind.Gateway })
        {
            if (RunState.ReadLive(paths, kind) is not { } state)
            {
                continue;
            }
            var program = state.Pid == Environment.ProcessId ? null : RunningProgram.Read(state.Pid);
            running.Add(new JsonObject
            {
                ["component"] = kind.Name,
                ["url"] = state.Url,
                ["pid"] = state.Pid,
                ["mode"] = state.Detached ? "background" : "foreground",
                ["version"] = state.Pid == Environment.ProcessId ? UpdateCommand.InstalledPackageVersion ?? CliVersion : program?.Version,
                ["replaced"] = program?.Replaced ?? false,
            });
        }
        return running;
    }

    /// <summary>The gateway's and the vault's systemd units when installed, with their state and running version.</summary>
    private static async Task<List<JsonObject>> ServicesAsync(CliContext context, CancellationToken cancellationToken)
    {
        var services = new List<JsonObject>();
        var system = context.Environment.Services;
        if (!system.HasSystemd)
        {
            return services;
        }
        foreach (var unit in new[] { GatewayServiceCommand.UnitName, ServiceUnitTarget.VaultUnitName })
        {
            if (!File.Exists(Path.Combine(system.UnitDirectory, unit + ".service")))
            {
                continue;
            }
            var active = (await ServiceSystem.SystemctlAsync(cancellationToken, "is-active", unit)).Output.Trim();
            var pidText = (await ServiceSystem.SystemctlAsync(cancellationToken, "show", "--property=MainPID", "--value", unit)).Output.Trim();
            var pid = int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : (int?)null;
            string? version = null;
            var replaced = false;
            if (pid is { } id && OperatingSystem.IsLinux())
            {
                try
                {
                    (version, replaced) = RunningProgram.VersionOf(Path.Combine("/proc", id.ToString(CultureInfo.InvariantCulture)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another user's process (the service user's): its memory map is not ours to read.
                }
            }
            services.Add(new JsonObject { ["unit"] = unit, ["state"] = active, ["pid"] = pid, ["version"] = version, ["replaced"] = replaced });
        }
        return services;
    }

    /// <summary>The sigil-vault on PATH and what its --version says (null when absent or silent).</summary>
    private static async Task<(string? Path, string? Version)> VaultOnPathAsync(CliContext context, CancellationToken cancellationToken)
    {
        var path = (context.Environment.GetVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "sigil-vault"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return (null, null);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            var result = await ChildProgram.RunAsync(path, ["--version"], new Dictionary<string, string>(), timeout.Token);
            var line = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return (path, result.Succeeded ? line : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (path, null);
        }
    }
}
