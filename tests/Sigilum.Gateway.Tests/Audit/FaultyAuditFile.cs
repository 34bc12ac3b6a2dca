using Sigilum.Core.Audit;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// Opens the real audit files and, once <see cref="AuditFaults.DiskFull"/> is set, fails every write of <c>audit.jsonl</c>
/// the way a full disk does (reliability STO-01), without needing a full disk.
/// </summary>
internal sealed class FaultyAuditFile(IAuditFile inner, AuditFaults faults) : IAuditFile
{
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (faults.DiskFull)
        {
            throw new IOException("No space left on device (simulated)");
        }
        inner.Write(bytes);
    }

    public void Flush()
    {
        if (faults.SyncGate is { } gate)
        {
            faults.SyncEntered.TrySetResult();
            if (!gate.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("sync gate was never released");
            }
        }
        inner.Flush();
    }

    public void EnsureUnchanged() => inner.EnsureUnchanged();

    public void Complete() => inner.Complete();

    public void Dispose() => inner.Dispose();

    /// <summary>The hook for <c>GatewayOptions.AuditLogHook</c>: wraps the record log, leaves the checkpoints alone.</summary>
    public static AuditLogOptions Inject(AuditLogOptions options, AuditFaults faults) => options with
    {
        OpenFile = path => path.EndsWith(AuditLogOptions.LogFileName, StringComparison.Ordinal)
            ? new FaultyAuditFile(AuditFile.OpenForAppend(path, options.PreallocationBytes), faults)
            : AuditFile.OpenForAppend(path),
    };

}
