namespace Sigilum.LoadKit.Probes;

/// <summary>What <see cref="FdatasyncProbe"/> measured: microseconds per (write of <paramref name="BlockBytes"/> + fdatasync).</summary>
internal sealed record FdatasyncResult(string Directory, string? FileSystem, int BlockBytes, Distribution Micros);
