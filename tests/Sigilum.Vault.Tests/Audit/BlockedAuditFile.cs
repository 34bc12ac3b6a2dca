using Sigilum.Core.Audit;

namespace Sigilum.Vault.Audit;

/// <summary>The real <c>audit.jsonl</c> whose sync hangs until the test opens its gate (a stalled disk, reliability STO-03).</summary>
internal sealed class BlockedAuditFile(IAuditFile inner, ManualResetEventSlim open) : IAuditFile
{
    public void Write(ReadOnlySpan<byte> bytes) => inner.Write(bytes);

    public void Flush()
    {
        open.Wait();
        inner.Flush();
    }

    public void EnsureUnchanged() => inner.EnsureUnchanged();

    public void Complete() => inner.Complete();

    public void Dispose() => inner.Dispose();

    /// <summary>The harness hook: wraps the record log with a short write timeout, leaves the checkpoints alone.</summary>
    public static AuditLogOptions Inject(AuditLogOptions options, ManualResetEventSlim open, TimeSpan writeTimeout) => options with
    {
        WriteTimeout = writeTimeout,
        OpenFile = path => path.EndsWith(AuditLogOptions.LogFileName, StringComparison.Ordinal)
            ? new BlockedAuditFile(AuditFile.OpenForAppend(path, options.PreallocationBytes), open)
            : AuditFile.OpenForAppend(path),
    };
}
