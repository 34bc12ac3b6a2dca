using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>One item for the writer loop: a record to write, or (record null) a request to check whether a checkpoint is due.</summary>
internal sealed class PendingWrite
{
    public PendingWrite(AuditRecord? record, bool durable)
    {
        Record = record;
        Durable = durable;
    }

    public AuditRecord? Record { get; }

    public bool Durable { get; }

    // Continuations run off the writer loop so a slow caller cannot stall the next batch.
    public TaskCompletionSource<AuditRecord?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
