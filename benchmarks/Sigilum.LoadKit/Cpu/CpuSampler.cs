namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// Samples the CPU of named process trees, of the load tool itself and of the machine, and turns two
/// samples into CPU per request. One <c>/proc</c> scan per sample (a few hundred small files, a few ms),
/// taken only at the window's two edges, so it costs the measured processes nothing.
/// </summary>
internal sealed class CpuSampler
{
    /// <summary>The name under which the load tool reports its own CPU.</summary>
    public const string LoadToolName = "load-tool";

    private readonly IReadOnlyList<CpuTarget> _targets;
    private readonly ProcDirectory _proc;
    private readonly long _ticksPerSecond;
    private readonly TimeProvider _time;

    public CpuSampler(IReadOnlyList<CpuTarget> targets, ProcDirectory proc, long ticksPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ticksPerSecond, 0);
        _targets = targets;
        _proc = proc;
        _ticksPerSecond = ticksPerSecond;
        _time = time;
    }

    /// <summary>The real /proc, the given targets plus this process as <see cref="LoadToolName"/>.</summary>
    public static CpuSampler ForThisProcess(IEnumerable<CpuTarget> targets) =>
        new([.. targets, new CpuTarget(LoadToolName, Environment.ProcessId)], ProcDirectory.System,
            Native.Libc.ClockTicksPerSecond(), TimeProvider.System);

    public CpuSnapshot Take()
    {
        var timestamp = _time.GetTimestamp();
        var all = _proc.ReadAll();
        var trees = new Dictionary<string, TreeCpu?>(StringComparer.Ordinal);
        var peaks = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var target in _targets)
        {
            trees[target.Name] = TreeCpu.Of(target.Pid, all);
            peaks[target.Name] = _proc.ReadPeakRssKiB(target.Pid);
        }
        return new CpuSnapshot(timestamp, trees, peaks, _proc.ReadMachineBusyTicks());
    }

    /// <summary>CPU between two snapshots of this sampler, divided by <paramref name="requests"/>.</summary>
    public CpuReport Report(CpuSnapshot start, CpuSnapshot end, long requests)
    {
        var processes = new List<ProcessCpu>(_targets.Count);
        foreach (var target in _targets)
        {
            var before = start.Targets.GetValueOrDefault(target.Name);
            var after = end.Targets.GetValueOrDefault(target.Name);
            double? seconds = before is { } b && after is { } a ? Seconds(a.Ticks - b.Ticks) : null;
            double? perRequest = seconds is { } s && requests > 0 ? s * 1_000_000 / requests : null;
            processes.Add(new ProcessCpu(target.Name, target.Pid, after?.Processes, seconds, perRequest,
                end.PeakRssKiB.GetValueOrDefault(target.Name)));
        }
        double? machine = start.MachineBusyTicks is { } m0 && end.MachineBusyTicks is { } m1 ? Seconds(m1 - m0) : null;
        var window = _time.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        return new CpuReport(window, requests, machine, Environment.ProcessorCount, _ticksPerSecond, processes);
    }

    private double Seconds(long ticks) => (double)ticks / _ticksPerSecond;
}
