using System.Diagnostics;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;
using Sigilum.CommandLine.Services;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Update;

/// <summary>
/// Carries out an <see cref="UpdatePlan"/>: keep the previous packages, stop the background servers, install the new
/// packages from a local folder only, start again what ran (background servers with the new build, systemd units through
/// systemctl), health-check the gateway, and roll back to the kept packages when the new build does not come up.
/// </summary>
internal sealed class UpdateRun(CliContext context, UpdatePlan plan, SigilumPaths paths, string workDirectory, Action<string> progress)
{
    /// <summary>How long a gateway restarted by systemd has to answer /health (a background one is waited for by its start).</summary>
    public static readonly TimeSpan UnitHealthTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string> _previous = new(StringComparer.Ordinal);

    public JsonArray Restarted { get; } = [];

    public string? Failure { get; private set; }

    /// <summary>Runs the update; returns null on success, else the error code (the roll-back, if any, is done).</summary>
    public async Task<string?> ExecuteAsync(CancellationToken cancellationToken)
    {
        var installation = plan.Installation;
        Directory.CreateDirectory(installation.KeptPackagesDirectory);
        foreach (var package in plan.Changes)
        {
            if (plan.Installed[package.Id] is { } old)
            {
                Keep(installation.FindPackage(package.Id, old)!, package.Id, old);
                _previous[package.Id] = old;
            }
        }
        var feed = Path.Combine(workDirectory, "feed");
        Directory.CreateDirectory(feed);
        foreach (var package in plan.Changes)
        {
            File.Copy(package.File, Path.Combine(feed, ToolPackage.FileName(package.Id, package.Version)), overwrite: true);
        }

        // Stopped before the tools change: a server must never run on from files the update deletes (it would fail on
        // the next assembly it loads).
        await StopBackgroundAsync(cancellationToken);

        var installed = new List<ToolPackage>();
        foreach (var package in plan.Changes)
        {
            progress($"Installing {package.Id} {package.Version} (was {plan.Installed[package.Id] ?? "not installed"}) into {installation.ToolPath}…");
            var result = await DotnetTool.InstallAsync(installation, feed, package.Id, package.Version, Path.Combine(workDirectory, "install"), cancellationToken);
            if (!result.Succeeded)
            {
                Failure = $"dotnet tool update {package.Id} {package.Version} failed: {result.Reason}";
                progress(Failure);
                await ReinstallPreviousAsync(installed, cancellationToken);
                Unkeep(installed);
                progress("Starting again what was stopped, with the previous version…");
                await StartAllAsync(cancellationToken);
                return ErrorCatalogue.UpdateInstallFailed;
            }
            installed.Add(package);
            Keep(package.File, package.Id, package.Version);
        }

        progress(plan.Background.Count + plan.Units.Count == 0 ? "Nothing was running: nothing to restart." : "Starting the new version…");
        if (await StartAllAsync(cancellationToken) is { } problem)
        {
            Failure = problem;
            progress($"The new version is not healthy: {problem}");
            progress("Rolling back to " + string.Join(", ", _previous.Select(p => $"{p.Key} {p.Value}")) + "…");
            await StopBackgroundAsync(cancellationToken);
            var reinstalled = await ReinstallPreviousAsync(installed, cancellationToken);
            Unkeep(installed);
            Restarted.Clear();
            var again = await StartAllAsync(cancellationToken);
            if (!reinstalled || again is not null)
            {
                Failure += "; the roll-back failed too: " + (again ?? "the previous package did not reinstall");
                progress(Failure);
                return ErrorCatalogue.UpdateRollbackFailed;
            }
            progress("Rolled back: the previous version is installed and running.");
            return ErrorCatalogue.UpdateRolledBack;
        }
        Prune();
        return null;
    }

    private void Keep(string file, string id, string version)
    {
        var kept = Path.Combine(plan.Installation.KeptPackagesDirectory, ToolPackage.FileName(id, version));
        if (!string.Equals(Path.GetFullPath(file), kept, StringComparison.Ordinal))
        {
            File.Copy(file, kept, overwrite: true);
        }
    }

    /// <summary>A version that was rolled back is not kept: nothing should roll "back" to it later.</summary>
    private void Unkeep(IEnumerable<ToolPackage> installed)
    {
        foreach (var package in installed.Where(p => !string.Equals(_previous.GetValueOrDefault(p.Id), p.Version, StringComparison.OrdinalIgnoreCase)))
        {
            RunState.DeleteFile(Path.Combine(plan.Installation.KeptPackagesDirectory, ToolPackage.FileName(package.Id, package.Version)));
        }
    }

    /// <summary>Only the current and the previous version of each package stay kept.</summary>
    private void Prune()
    {
        foreach (var package in plan.Changes)
        {
            var keep = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ToolPackage.FileName(package.Id, package.Version) };
            if (_previous.TryGetValue(package.Id, out var old))
            {
                keep.Add(ToolPackage.FileName(package.Id, old));
            }
            foreach (var file in Directory.GetFiles(plan.Installation.KeptPackagesDirectory, package.Id + ".*.nupkg"))
            {
                var name = Path.GetFileName(file);
                // Sigilum.Cli.* must not match Sigilum.Cli.Something.* of another id: the rest must start with a digit.
                if (!keep.Contains(name) && name.Length > package.Id.Length + 1 && char.IsAsciiDigit(name[package.Id.Length + 1]))
                {
                    File.Delete(file);
                }
            }
        }
    }

    private async Task<bool> ReinstallPreviousAsync(IEnumerable<ToolPackage> installed, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var package in installed)
        {
            if (!_previous.TryGetValue(package.Id, out var old))
            {
                continue;
            }
            progress($"Reinstalling {package.Id} {old} from {plan.Installation.KeptPackagesDirectory}…");
            var result = await DotnetTool.InstallAsync(plan.Installation, plan.Installation.KeptPackagesDirectory, package.Id, old, Path.Combine(workDirectory, "rollback"), cancellationToken);
            if (!result.Succeeded)
            {
                progress($"dotnet tool update {package.Id} {old} failed: {result.Reason}");
                ok = false;
            }
        }
        return ok;
    }

    private async Task StopBackgroundAsync(CancellationToken cancellationToken)
    {
        // The gateway first: it drains its requests while the control plane still answers it.
        foreach (var target in plan.Background.Reverse())
        {
            if (RunState.ReadLive(paths, target.Kind) is null)
            {
                continue;
            }
            progress($"Stopping the {target.Kind.DisplayName}…");
            await ServerStopper.StopAsync(paths, cancellationToken, target.Kind);
        }
    }

    /// <summary>Starts every target again with what is installed now; null when all came up healthy, else what failed.</summary>
    private async Task<string?> StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var target in plan.Background)
        {
            if (await StartBackgroundAsync(target, cancellationToken) is { } problem)
            {
                return problem;
            }
        }
        foreach (var unit in plan.Units)
        {
            if (await RestartUnitAsync(unit, cancellationToken) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }

    private async Task<string?> StartBackgroundAsync(BackgroundTarget target, CancellationToken cancellationToken)
    {
        progress($"Starting the {target.Kind.DisplayName}…");
        var result = await ChildProgram.RunAsync(plan.Installation.CommandPath(ToolPackage.CliId), target.StartArguments, target.Program.Settings, cancellationToken);
        var state = RunState.ReadLive(paths, target.Kind);
        if (!result.Succeeded || state is null)
        {
            return $"the {target.Kind.DisplayName} did not start (exit code {result.ExitCode}: {result.Reason}); see {paths.LogFile(target.Kind)}";
        }
        var healthy = await HealthProbe.IsHealthyAsync(context, state.Url, cancellationToken);
        Restarted.Add(new JsonObject
        {
            ["component"] = target.Kind.Name,
            ["how"] = "background",
            ["url"] = state.Url,
            ["pid"] = state.Pid,
            ["healthy"] = healthy,
            ["version"] = RunningProgram.Read(state.Pid)?.Version,
        });
        if (!healthy)
        {
            return $"the {target.Kind.DisplayName} at {state.Url} does not answer /health; see {paths.LogFile(target.Kind)}";
        }
        progress($"The {target.Kind.DisplayName} is healthy at {state.Url} (pid {state.Pid}).");
        return null;
    }

    private async Task<string?> RestartUnitAsync(ServiceUnitTarget unit, CancellationToken cancellationToken)
    {
        progress($"Restarting the unit {unit.Unit}…");
        var restart = await ServiceSystem.SystemctlAsync(cancellationToken, "restart", unit.Unit);
        if (!restart.Succeeded)
        {
            return $"systemctl restart {unit.Unit} failed: {restart.Reason}";
        }
        var healthy = unit.IsGateway
            ? await WaitHealthyAsync(unit.HealthUrl, cancellationToken)
            : (await ServiceSystem.SystemctlAsync(cancellationToken, "is-active", unit.Unit)).Output.Trim() == "active";
        Restarted.Add(new JsonObject
        {
            ["component"] = unit.Unit,
            ["how"] = "systemd",
            ["url"] = unit.IsGateway ? unit.HealthUrl : null,
            ["healthy"] = healthy,
        });
        return healthy ? null : unit.IsGateway
            ? $"the gateway of {unit.Unit} does not answer {unit.HealthUrl}/health within {UnitHealthTimeout.TotalSeconds:0} s; see journalctl -u {unit.Unit}"
            : $"{unit.Unit} is not active after its restart; see journalctl -u {unit.Unit}";
    }

    private async Task<bool> WaitHealthyAsync(string url, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < UnitHealthTimeout)
        {
            if (await HealthProbe.IsHealthyAsync(context, url, cancellationToken))
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        return false;
    }
}
