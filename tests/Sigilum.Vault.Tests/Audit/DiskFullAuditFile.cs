using Sigilum.Core.Audit;

namespace Sigilum.Vault.Audit;

/// <summary>The real <c>audit.jsonl</c>, failing every write like a full disk once <see cref="DiskFullSwitch.On"/> is set (reliability STO-01), its syncs held while <see cref="DiskFullSwitch.Syncs"/> is reset (STO-03).</summary>
internal sealed class DiskFullAuditFile(IAuditFile inner, DiskFullSwitch full) : IAuditFile
{
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (full.On)
        {
            throw new IOException("No space left on device (simulated)");
        }
        inner.Write(bytes);
    }

    public void Flush()
    {
        full.Syncs.Wait();
        inner.Flush();
    }

    public void EnsureUnchanged() => inner.EnsureUnchanged();

    public void Complete() => inner.Complete();

    public void Dispose() => inner.Dispose();

    /// <summary>The harness hook: wraps the record log, leaves the checkpoints alone.</summary>
    public static AuditLogOptions Inject(AuditLogOptions options, DiskFullSwitch full) => options with
    {
        OpenFile = path => path.EndsWith(AuditLogOptions.LogFileName, StringComparison.Ordinal)
            ? new DiskFullAuditFile(AuditFile.OpenForAppend(path, options.PreallocationBytes), full)
            : AuditFile.OpenForAppend(path),
    };
}
