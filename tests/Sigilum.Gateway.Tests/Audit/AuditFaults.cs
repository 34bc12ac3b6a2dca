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

    /// <summary>When set, every sync of <c>audit.jsonl</c> signals <see cref="SyncEntered"/> and then waits for this gate.</summary>
    public ManualResetEventSlim? SyncGate { get; set; }

    public TaskCompletionSource SyncEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
