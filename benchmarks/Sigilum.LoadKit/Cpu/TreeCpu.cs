namespace Sigilum.LoadKit.Cpu;

/// <summary>CPU ticks of a process tree at one instant and how many live processes it had.</summary>
internal readonly record struct TreeCpu(long Ticks, int Processes)
{
    /// <summary>
    /// The CPU of <paramref name="root"/> and its live descendants: each process's own time plus the time
    /// of the children it has reaped (cutime/cstime), so a worker that exits inside the window still counts
    /// (its time moves from "live child" to its parent's cutime). Null when the root does not exist.
    /// </summary>
    public static TreeCpu? Of(int root, IReadOnlyDictionary<int, ProcStat> all)
    {
        if (!all.ContainsKey(root))
        {
            return null;
        }
        var children = new Dictionary<int, List<int>>();
        foreach (var stat in all.Values)
        {
            if (stat.Pid != stat.ParentPid)
            {
                if (!children.TryGetValue(stat.ParentPid, out var list))
                {
                    children[stat.ParentPid] = list = [];
                }
                list.Add(stat.Pid);
            }
        }
        long ticks = 0;
        var processes = 0;
        var seen = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid))
            {
                continue; // a pid reused mid-read could make a cycle out of two snapshots' worth of lines
            }
            var stat = all[pid];
            ticks += stat.OwnTicks + stat.ReapedChildTicks;
            processes++;
            if (children.TryGetValue(pid, out var kids))
            {
                foreach (var kid in kids)
                {
                    pending.Push(kid);
                }
            }
        }
        return new TreeCpu(ticks, processes);
    }
}
