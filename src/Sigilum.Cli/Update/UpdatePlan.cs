using Sigilum.Cli.Local;
using Sigilum.CommandLine.Services;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Update;

/// <summary>
/// What an update will do, found before anything changes: the packages and the versions they replace, the background
/// servers of this home and the systemd units of this installation that run and so must restart. Detected, never
/// assumed: a server in the foreground or a unit of another installation is listed and left alone.
/// </summary>
internal sealed class UpdatePlan
{
    public required ToolInstallation Installation { get; init; }

    public required IReadOnlyList<ToolPackage> Packages { get; init; }

    /// <summary>The installed version of each package id (null: not installed here yet).</summary>
    public required IReadOnlyDictionary<string, string?> Installed { get; init; }

    /// <summary>The packages whose version changes.</summary>
    public IEnumerable<ToolPackage> Changes => Packages.Where(p => !string.Equals(Installed[p.Id], p.Version, StringComparison.OrdinalIgnoreCase));

    /// <summary>Background servers to restart, in start order (control plane before the gateway that follows it).</summary>
    public required IReadOnlyList<BackgroundTarget> Background { get; init; }

    /// <summary>Active units of this installation, restarted through systemd.</summary>
    public required IReadOnlyList<ServiceUnitTarget> Units { get; init; }

    /// <summary>What runs but is not restarted, and why.</summary>
    public required IReadOnlyList<string> LeftAlone { get; init; }

    public static async Task<UpdatePlan> CreateAsync(CliContext context, ToolInstallation installation, IReadOnlyList<ToolPackage> packages, SigilumPaths paths, CancellationToken cancellationToken)
    {
        var installed = ToolPackage.Ids.ToDictionary(id => id, installation.InstalledVersion, StringComparer.Ordinal);
        if (installed[ToolPackage.CliId] is null)
        {
            throw new CliException(ExitCodes.Usage,
                $"{installation.ToolPath} holds no installed sigilum; install it with scripts/install first, or name the right --tool-path ({ErrorCatalogue.UpdateNotInstalled})");
        }
        var background = new List<BackgroundTarget>();
        var leftAlone = new List<string>();
        foreach (var kind in new[] { ServerKind.ControlPlane, ServerKind.Gateway })
        {
            if (RunState.ReadLive(paths, kind) is not { } state)
            {
                continue;
            }
            if (state.Pid == Environment.ProcessId)
            {
                leftAlone.Add($"the {kind.DisplayName} runs inside this process");
            }
            else if (!state.Detached)
            {
                // Someone's terminal: we cannot start it again there. It keeps running the old build until they do.
                leftAlone.Add($"the {kind.DisplayName} (pid {state.Pid}) runs in the foreground of a terminal: stop it (Ctrl+C) and start it again to run the new version");
            }
            else if (RunningProgram.Read(state.Pid) is { } program)
            {
                background.Add(new BackgroundTarget(kind, state, program));
            }
            else
            {
                leftAlone.Add($"the {kind.DisplayName} (pid {state.Pid}) could not be inspected (not Linux, or not this user's): restart it with `{kind.StopCommand}` and start it again");
            }
        }
        var units = new List<ServiceUnitTarget>();
        foreach (var unit in ServiceUnitTarget.Find(context.Environment.Services, installation))
        {
            var active = await ServiceSystem.SystemctlAsync(cancellationToken, "is-active", unit.Unit);
            if (active.Output.Trim() == "active")
            {
                units.Add(unit);
            }
            else
            {
                leftAlone.Add($"the unit {unit.Unit} is installed but not running; it starts the new version when it starts");
            }
        }
        return new UpdatePlan
        {
            Installation = installation,
            Packages = packages,
            Installed = installed,
            Background = background,
            Units = units,
            LeftAlone = leftAlone,
        };
    }
}
