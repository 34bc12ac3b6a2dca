namespace Sigilum.Core.Processes;

/// <summary>
/// The process half of a data plane's startup posture line (MEM-03): whether it is non-dumpable with core dumps off,
/// and whether it runs as root or as the user that owns the agents' identities (both mean the agent next door, or
/// anything that compromises it, can read the process's memory or files).
/// </summary>
/// <param name="Supported">False where the hardening is not available (not Linux, or a 32-bit process).</param>
/// <param name="NonDumpable">PR_GET_DUMPABLE reads 0 after the change.</param>
/// <param name="CoreLimitZero">RLIMIT_CORE is 0 (soft and hard).</param>
/// <param name="Uid">The effective user id, when known.</param>
/// <param name="IdentitiesOwnerUid">The owner of <paramref name="IdentitiesDirectory"/>, when it exists.</param>
/// <param name="IdentitiesDirectory">The agents' identity directory of the same home.</param>
public sealed record ProcessPosture(bool Supported, bool NonDumpable, bool CoreLimitZero, int? Uid, int? IdentitiesOwnerUid, string? IdentitiesDirectory)
{
    public bool RunsAsRoot => Uid == 0;

    /// <summary>The data plane runs as the OS user that owns the agents' identities: the agent's own user.</summary>
    public bool SharesUserWithIdentities => Uid is { } uid && IdentitiesOwnerUid == uid;

    /// <summary>True when the posture deserves a loud warning: root, or the agent's user.</summary>
    public bool IsWeak => RunsAsRoot || SharesUserWithIdentities || (Supported && (!NonDumpable || !CoreLimitZero));

    /// <summary>One fragment for the startup posture line, e.g. <c>process: uid 998, non-dumpable, core dumps off</c>.</summary>
    public string Describe()
    {
        if (!Supported)
        {
            return "process: hardening unavailable on this platform (core dumps and same-user debugging not blocked)";
        }
        var parts = new List<string>
        {
            RunsAsRoot ? "uid 0 (ROOT: run it as its own user, `sudo sigilum gateway service install` / `sudo sigil-vault service install`)" : $"uid {Uid}",
        };
        if (SharesUserWithIdentities)
        {
            parts.Add($"SAME USER as the agent identities in {IdentitiesDirectory} (the agent's processes can signal it and read its files; run it as its own user)");
        }
        parts.Add(NonDumpable ? "non-dumpable" : "DUMPABLE (prctl failed)");
        parts.Add(CoreLimitZero ? "core dumps off" : "core dumps NOT off (setrlimit failed)");
        return "process: " + string.Join(", ", parts);
    }
}
