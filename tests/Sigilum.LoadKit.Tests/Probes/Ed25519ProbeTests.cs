using Sigilum.Protocol.Keys;

namespace Sigilum.LoadKit.Probes;

public sealed class Ed25519ProbeTests
{
    [Fact]
    public void Run_ThroughOurApi_OneSamplePerBatchFromTheEngineInUse()
    {
        var result = Ed25519Probe.Run(2 * Ed25519Probe.BatchSize + 7, TimeProvider.System);

        Assert.Equal(Ed25519.Implementation, result.Implementation);
        Assert.Equal(2 * Ed25519Probe.BatchSize, result.Verifications);
        Assert.Equal(2, result.CpuMicros.Count);
        Assert.Equal(2, result.WallMicros.Count);
        Assert.True(result.CpuMicros.Min > 0); // a verification takes CPU: the thread clock moved
    }

    [Fact]
    public void Run_FewerThanOneBatch_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519Probe.Run(Ed25519Probe.BatchSize - 1, TimeProvider.System));
    }
}
