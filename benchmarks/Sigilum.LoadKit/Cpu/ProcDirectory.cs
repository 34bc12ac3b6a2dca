using System.Globalization;

namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// Reads process and machine CPU counters from a procfs root (<c>/proc</c>; a plain directory with the same
/// layout in tests). Processes come and go while it reads, so a file that vanished is simply absent.
/// </summary>
internal sealed class ProcDirectory(string root)
{
    /// <summary>The real <c>/proc</c>.</summary>
    public static ProcDirectory System { get; } = new("/proc");

    /// <summary>Every process's stat that could be read and parsed, by pid.</summary>
    public Dictionary<int, ProcStat> ReadAll()
    {
        var all = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all[pid] = stat;
            }
        }
        return all;
    }

    /// <summary>One process's stat; null when it does not exist (any more) or the line does not parse.</summary>
    public ProcStat? Read(int pid)
    {
        var text = ReadText(Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        return text is not null && ProcStat.TryParse(text.TrimEnd('\n'), out var stat) ? stat : null;
    }

    /// <summary>
    /// Busy clock ticks of the whole machine from the <c>cpu</c> line of <c>stat</c>: user + nice + system +
    /// irq + softirq + steal (idle and iowait excluded; guest time is already inside user).
    /// </summary>
    public long? ReadMachineBusyTicks()
    {
        var text = ReadText(Path.Combine(root, "stat"));
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9)
        {
            return null;
        }
        long busy = 0;
        // fields[1..8]: user nice system idle iowait irq softirq steal
        for (var i = 1; i <= 8; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }
            if (i is not (4 or 5))
            {
                busy += value;
            }
        }
        return busy;
    }

    /// <summary>The process's peak resident set (<c>VmHWM</c> of <c>status</c>) in KiB, or null.</summary>
    public long? ReadPeakRssKiB(int pid)
    {
        var text = ReadText(Path.Combine(root, pid.ToString(CultureInfo.InvariantCulture), "status"));
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process exited between listing and reading (ENOENT / ESRCH)
        }
    }
}
