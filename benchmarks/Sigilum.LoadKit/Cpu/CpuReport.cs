namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// CPU over exactly one measured window (warm-up excluded): per named process, the load tool itself
/// (<see cref="CpuSampler.LoadToolName"/>) and the whole machine's busy CPU.
/// </summary>
/// <param name="WindowSeconds">Time between the two samples (the nominal window plus timer slack).</param>
/// <param name="Requests">Completed requests the per-request figures divide by.</param>
/// <param name="MachineBusySeconds">Busy CPU of all cores in the window (out of <c>Cores × WindowSeconds</c>).</param>
/// <param name="Cores">Cores the machine has.</param>
/// <param name="ClockTicksPerSecond">Resolution of the process figures (one tick = 1 / this seconds).</param>
/// <param name="Processes">The named processes, in the order they were given, then the load tool.</param>
internal sealed record CpuReport(
    double WindowSeconds,
    long Requests,
    double? MachineBusySeconds,
    int Cores,
    long ClockTicksPerSecond,
    IReadOnlyList<ProcessCpu> Processes);
