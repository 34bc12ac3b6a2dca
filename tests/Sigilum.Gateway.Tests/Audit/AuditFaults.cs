namespace Sigilum.Gateway.Audit;

/// <summary>The faults a test switches on for every <see cref="FaultyAuditFile"/> it injected.</summary>
internal sealed class AuditFaults
{
    private volatile bool _diskFull;

    /// <summary>Every write of <c>audit.jsonl</c> fails with "No space left on device".</summary>
    public bool DiskFull
    {
        get => _diskFull;
        set => _diskFull = value;
    }
}
