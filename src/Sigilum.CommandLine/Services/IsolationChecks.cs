using System.Globalization;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// The doctor checks of issue 12 item 2, shared by <c>sigilum doctor</c> and <c>sigil-vault doctor</c>: can the user
/// running the command (the agent's user) read the data plane's keys, token or database, does the data plane run as
/// root, and can it dump core. Each finding that is not OK carries the exact command that fixes it.
/// </summary>
public static class IsolationChecks
{
    /// <summary>
    /// Judges one secret file of a data plane against <paramref name="caller"/>: missing is INFO; unreachable (a
    /// private directory above it) or unreadable is OK; owned by the caller is WARN (the data plane runs as the
    /// agent's user, as in development); readable by the caller although someone else owns it is FAIL.
    /// </summary>
    /// <param name="label">e.g. <c>gateway master key</c>.</param>
    /// <param name="path">The file.</param>
    /// <param name="caller">Who runs the doctor (the agent's user).</param>
    /// <param name="installCommand">The command that moves the data plane to its own user, e.g. <c>sudo sigilum gateway service install</c>.</param>
    public static AccessFinding SecretFile(string label, string path, ProcessIdentity caller, string installCommand)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var status = UnixFileStatus.TryRead(path, out var missing);
        var who = $"uid {caller.Uid.ToString(CultureInfo.InvariantCulture)}";
        if (status is null)
        {
            return missing
                ? new(AccessVerdict.Info, label, $"{path} does not exist.")
                : new(AccessVerdict.Ok, label, $"{path} is out of reach of {who}: a directory above it is private.");
        }
        if (caller.Uid == 0 && status.Uid != 0)
        {
            // Root reads everything, so the question "can the agent read it" cannot be answered from here.
            return status.IsOpenToOthers
                ? new(AccessVerdict.Fail, label, $"{path} is mode {status.OctalMode}: users other than its owner can read it.", $"sudo chmod 600 {path}")
                : new(AccessVerdict.Info, label, $"{path} (owner uid {status.Uid.ToString(CultureInfo.InvariantCulture)}, mode {status.OctalMode}); doctor runs as root, which reads everything: run it as the agent's user to check what the agent can read.");
        }
        if (status.Uid == caller.Uid)
        {
            return new(AccessVerdict.Warn, label,
                $"{path} belongs to {who}, the user running this command: the data plane runs as the agent's user, so the agent's processes can read it.",
                installCommand + " (runs it as its own system user)");
        }
        if (status.IsReadableBy(caller.Uid, caller.Gid, caller.Groups))
        {
            return new(AccessVerdict.Fail, label,
                $"{path} (owner uid {status.Uid.ToString(CultureInfo.InvariantCulture)}, mode {status.OctalMode}) is readable by {who}, the user running this command.",
                $"sudo chmod 600 {path}");
        }
        return new(AccessVerdict.Ok, label, $"{path} is not readable by {who} (owner uid {status.Uid.ToString(CultureInfo.InvariantCulture)}, mode {status.OctalMode}).");
    }

    /// <summary>
    /// Judges a running data plane process: root is FAIL; then its core-dump posture (core limit 0 and non-dumpable)
    /// is OK or WARN. Returns nothing when the process is gone.
    /// </summary>
    public static IReadOnlyList<AccessFinding> Process(string label, int pid, string installCommand)
    {
        if (ProcessIdentity.Read(pid) is not { } process)
        {
            return [];
        }
        var findings = new List<AccessFinding>();
        var pidText = pid.ToString(CultureInfo.InvariantCulture);
        findings.Add(process.Uid == 0
            ? new(AccessVerdict.Fail, label + " user", $"pid {pidText} runs as root: a flaw in it is a flaw with every privilege, and nothing separates it from other root processes.", installCommand + " (runs it as its own unprivileged system user)")
            : new(AccessVerdict.Ok, label + " user", $"pid {pidText} runs as uid {process.Uid.ToString(CultureInfo.InvariantCulture)}."));
        var core = process.CoreLimit();
        var nonDumpable = process.IsNonDumpable();
        var detail = $"pid {pidText}: core file limit {(core is null ? "unknown" : core == long.MaxValue ? "unlimited" : core.Value.ToString(CultureInfo.InvariantCulture))}, " +
            $"{(nonDumpable is null ? "dumpable flag not visible (root process)" : nonDumpable.Value ? "non-dumpable" : "DUMPABLE")}";
        findings.Add(core == 0 && nonDumpable != false
            ? new(AccessVerdict.Ok, label + " core dumps", detail + ".")
            : new(AccessVerdict.Warn, label + " core dumps", detail + ": a crash or a same-user debugger could expose its secrets.",
                "restart it with this version (it turns core dumps off at start), or " + installCommand + " (LimitCORE=0)"));
        return findings;
    }
}
