namespace Sigilum.LoadKit.Probes;

/// <summary>
/// What <see cref="Ed25519Probe"/> measured. <paramref name="CpuMicros"/>: the probe thread's CPU time per
/// verification, one sample per batch (immune to other processes taking the core); <paramref name="WallMicros"/>:
/// wall-clock per verification, same batches.
/// </summary>
internal sealed record Ed25519Result(string Implementation, int Verifications, int MessageBytes, int BatchSize, Distribution CpuMicros, Distribution WallMicros);
