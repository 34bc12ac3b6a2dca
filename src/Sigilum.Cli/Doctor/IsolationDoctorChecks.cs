using System.Globalization;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Doctor;

/// <summary>
/// Can the agent next door reach the gateway (issue 12 item 2)? For the gateway of this home and the installed
/// <c>sigilum-gateway</c> service: whether the user running doctor can read the master key, admin token and database,
/// whether a running gateway runs as root, and whether it can dump core. Linux only (elsewhere nothing is reported).
/// </summary>
internal static class IsolationDoctorChecks
{
    public const string InstallCommand = "sudo sigilum gateway service install";

    private static readonly (string File, string Label)[] SecretFiles =
    [
        ("master.key", "gateway master key access"),
        ("admin.token", "gateway admin token access"),
        ("gateway.db", "gateway database access"),
    ];

    public static async Task<List<DoctorCheck>> RunAsync(SigilumPaths paths, ServiceSystem system, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(system);
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }
        var caller = ProcessIdentity.Current();
        var checks = new List<DoctorCheck>();
        var unit = InstalledUnit.Read(SystemServiceCommand.UnitFile(GatewayServiceCommand.Profile(), system, null));
        var directories = new List<(string Directory, string Where)>();
        if (unit?.StateDirectory is { } state)
        {
            directories.Add((Path.Combine(state, "gateway"), "service"));
        }
        // The gateway of this home (`sigilum up`, `gateway start`); with a service installed, only when it exists.
        if (unit is null || Directory.Exists(paths.GatewayDirectory))
        {
            directories.Add((paths.GatewayDirectory, "this home"));
        }
        foreach (var (directory, where) in directories.DistinctBy(d => d.Directory))
        {
            foreach (var (file, label) in SecretFiles)
            {
                var finding = IsolationChecks.SecretFile(directories.Count > 1 ? $"{label} ({where})" : label, Path.Combine(directory, file), caller, InstallCommand);
                // The admin token is optional: older gateways and GATEWAY_ADMIN_TOKEN setups have no file.
                checks.Add(ToCheck(finding, finding.Verdict == AccessVerdict.Info
                    ? file == "admin.token" ? "optional (GATEWAY_ADMIN_TOKEN, or created at the gateway's next start)" : "created at the gateway's first start"
                    : null));
            }
        }
        var pids = new List<(int Pid, string Label)>();
        if (RunState.ReadLive(paths, ServerKind.Gateway) is { } running)
        {
            pids.Add((running.Pid, "gateway process"));
        }
        if (unit is not null && system.HasSystemd)
        {
            var shown = await ServiceSystem.SystemctlAsync(cancellationToken, "show", "--property=MainPID", "--value", SystemdUnit.FileName(GatewayServiceCommand.UnitName));
            if (shown.Succeeded && int.TryParse(shown.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mainPid) && mainPid > 0)
            {
                pids.Add((mainPid, "gateway service"));
            }
        }
        foreach (var (pid, label) in pids.DistinctBy(p => p.Pid))
        {
            checks.AddRange(IsolationChecks.Process(label, pid, InstallCommand).Select(f => ToCheck(f, null)));
        }
        return checks;
    }

    private static DoctorCheck ToCheck(AccessFinding finding, string? infoNote) => new(
        finding.Verdict switch
        {
            AccessVerdict.Ok => DoctorCheck.Ok,
            AccessVerdict.Warn => DoctorCheck.Warn,
            AccessVerdict.Fail => DoctorCheck.Fail,
            _ => DoctorCheck.Info,
        },
        finding.Label,
        infoNote is null ? finding.Detail : $"{finding.Detail.TrimEnd('.')} ({infoNote}).",
        finding.Fix);
}
