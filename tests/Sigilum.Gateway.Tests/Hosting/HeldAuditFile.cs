using Sigilum.Core.Audit;

namespace Sigilum.Gateway.Hosting;

/// <summary>The audit record log with a flush the test can hold (<see cref="AuditHold"/>); checkpoints are left alone.</summary>
internal sealed class HeldAuditFile(IAuditFile inner, AuditHold hold) : IAuditFile
{
    public void Write(ReadOnlySpan<byte> bytes) => inner.Write(bytes);

    public void Flush()
    {
        hold.BeforeFlush();
        inner.Flush();
    }

    public void EnsureUnchanged() => inner.EnsureUnchanged();

    public void Complete() => inner.Complete();

    public void Dispose() => inner.Dispose();

    /// <summary>The hook for <c>GatewayOptions.AuditLogHook</c>.</summary>
    public static AuditLogOptions Inject(AuditLogOptions options, AuditHold hold) => options with
    {
        OpenFile = path => path.EndsWith(AuditLogOptions.LogFileName, StringComparison.Ordinal)
            ? new HeldAuditFile(AuditFile.OpenForAppend(path), hold)
            : AuditFile.OpenForAppend(path),
    };
}
