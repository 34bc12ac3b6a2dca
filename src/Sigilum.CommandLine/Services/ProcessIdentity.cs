using System.Globalization;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// Who a process runs as, from <c>/proc/&lt;pid&gt;/status</c> (readable for any process, unlike its memory), and its
/// core-dump posture from <c>/proc/&lt;pid&gt;/limits</c> and the owner of its <c>/proc</c> entry: the kernel gives a
/// non-dumpable process's /proc files to root (proc(5), PR_SET_DUMPABLE), which is how another process can tell.
/// </summary>
public sealed record ProcessIdentity(int Pid, int Uid, int Gid, IReadOnlyList<int> Groups)
{
    public static ProcessIdentity Current() => Read(Environment.ProcessId) ?? throw new InvalidOperationException("/proc/self/status is not readable.");

    /// <summary>The effective ids of <paramref name="pid"/>, or null when there is no such process (or no /proc).</summary>
    public static ProcessIdentity? Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "Uid:\treal\teffective\tsaved\tfs"; the effective id is what file access is checked with.
        int? Field(string name, int index) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            && line[(name.Length + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { } values && values.Length > index
            && int.TryParse(values[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        var groups = lines.FirstOrDefault(l => l.StartsWith("Groups:", StringComparison.Ordinal)) is { } groupLine
            ? groupLine["Groups:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(g => int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id >= 0).ToList()
            : [];
        return Field("Uid", 1) is { } uid && Field("Gid", 1) is { } gid ? new ProcessIdentity(pid, uid, gid, groups) : null;
    }

    /// <summary>The soft core-file size limit of the process: 0 means no core dump; null when unknown.</summary>
    public long? CoreLimit()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/limits").FirstOrDefault(l => l.StartsWith("Max core file size", StringComparison.Ordinal));
            var soft = line?["Max core file size".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft switch
            {
                null => null,
                "unlimited" => long.MaxValue,
                _ => long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the process is non-dumpable, seen from outside: its /proc entry belongs to root although it runs as
    /// someone else. Null when that cannot be told (it runs as root, or /proc is unreadable).
    /// </summary>
    public bool? IsNonDumpable()
    {
        if (Uid == 0)
        {
            return null;
        }
        return UnixFileStatus.TryRead($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status") is { } status ? status.Uid == 0 : null;
    }
}
