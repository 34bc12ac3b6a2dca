namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// One named process (tree) over a measured window: CPU seconds used, CPU microseconds per completed request,
/// and its peak resident set (<c>VmHWM</c>, the kernel's high-water mark since the process started). Null
/// values mean the process was not there at the start or the end of the window.
/// </summary>
internal sealed record ProcessCpu(
    string Name,
    int Pid,
    int? Processes,
    double? CpuSeconds,
    double? MicrosPerRequest,
    long? PeakRssKiB);
