namespace Sigilum.LoadKit.Cpu;

/// <summary>The counters <see cref="CpuSampler"/> read at one instant (a <see cref="TimeProvider"/> timestamp).</summary>
internal sealed record CpuSnapshot(
    long Timestamp,
    IReadOnlyDictionary<string, TreeCpu?> Targets,
    IReadOnlyDictionary<string, long?> PeakRssKiB,
    long? MachineBusyTicks);
