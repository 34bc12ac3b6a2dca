using System.Globalization;

namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// The fields of one <c>/proc/&lt;pid&gt;/stat</c> line the CPU sampler needs; times are in clock ticks
/// (<c>sysconf(_SC_CLK_TCK)</c>, usually 100 per second).
/// </summary>
/// <param name="Pid">Field 1.</param>
/// <param name="ParentPid">Field 4 (<c>ppid</c>).</param>
/// <param name="UserTicks">Field 14 (<c>utime</c>).</param>
/// <param name="SystemTicks">Field 15 (<c>stime</c>).</param>
/// <param name="ReapedChildUserTicks">Field 16 (<c>cutime</c>): children this process has waited for.</param>
/// <param name="ReapedChildSystemTicks">Field 17 (<c>cstime</c>).</param>
internal readonly record struct ProcStat(int Pid, int ParentPid, long UserTicks, long SystemTicks, long ReapedChildUserTicks, long ReapedChildSystemTicks)
{
    // Fields 3 (state) to 17 (cstime) are 15 fields after the command name; one more slot takes the rest.
    private const int FieldsNeeded = 15;

    /// <summary>CPU the process itself used (all its threads).</summary>
    public long OwnTicks => UserTicks + SystemTicks;

    /// <summary>CPU of children that exited and were waited for by this process.</summary>
    public long ReapedChildTicks => ReapedChildUserTicks + ReapedChildSystemTicks;

    /// <summary>Parses a stat line; false when it is not one (truncated, not numeric where numbers belong).</summary>
    public static bool TryParse(string line, out ProcStat stat)
    {
        stat = default;
        // "pid (comm) state ppid …": comm is whatever the process called itself — spaces, parentheses,
        // even ") S 1 2" — so the fixed fields start after the LAST ')' (the kernel never escapes it).
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open)
        {
            return false;
        }
        if (!int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }
        var rest = line.AsSpan(close + 1);
        Span<Range> fields = stackalloc Range[FieldsNeeded + 1];
        var count = rest.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (count < FieldsNeeded)
        {
            return false;
        }
        // Index 0 is field 3 (state), so field n is at index n - 3.
        if (!Int(rest[fields[4 - 3]], out var ppid)
            || !Long(rest[fields[14 - 3]], out var utime) || !Long(rest[fields[15 - 3]], out var stime)
            || !Long(rest[fields[16 - 3]], out var cutime) || !Long(rest[fields[17 - 3]], out var cstime))
        {
            return false;
        }
        stat = new ProcStat(pid, ppid, utime, stime, cutime, cstime);
        return true;
    }

    private static bool Int(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    // cutime/cstime are signed in the kernel's format (clock_t), so a sign is accepted.
    private static bool Long(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
