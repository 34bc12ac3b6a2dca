using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>
/// One item for the writer loop: a record to write, or (record null) a marker — a request to check whether a
/// checkpoint is due, or (<see cref="Durable"/>) to sync what is written. <see cref="Done"/> is null for a
/// non-durable record: nobody waits for it, it rides the next group commit.
/// </summary>
internal readonly struct PendingWrite
{
    public PendingWrite(AuditRecord? record, bool durable, bool awaited)
    {
        Record = record;
        Durable = durable;
        // Continuations run off the writer loop so a slow caller cannot stall the next batch.
        Done = awaited ? new TaskCompletionSource<AuditRecord?>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    public AuditRecord? Record { get; }

    public bool Durable { get; }

    public TaskCompletionSource<AuditRecord?>? Done { get; }
}
