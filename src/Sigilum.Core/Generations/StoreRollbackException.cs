using Sigilum.Protocol.Errors;

namespace Sigilum.Core.Generations;

/// <summary>
/// The database is older than this node's audit log says it should be (reliability STO-15): it was
/// restored from a backup, which would silently revive revoked approvals and used nonces. The node
/// refuses to start until an operator confirms the restore (<c>--accept-store-rollback</c>).
/// </summary>
public sealed class StoreRollbackException : Exception
{

    public StoreRollbackException()
    {
    }

    public StoreRollbackException(string message) : base(message)
    {
    }

    public StoreRollbackException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StoreRollbackException(long databaseGeneration, long auditedGeneration)
        : base($"{ErrorCatalogue.StoreRollbackDetected}: the database is at store generation {databaseGeneration}, but the audit log already recorded generation {auditedGeneration}: " +
            "it was restored from an older backup (revoked approvals and used nonces may be back). Check the restore, then start once with " +
            "--accept-store-rollback (the confirmation is itself audited).")
    {
        DatabaseGeneration = databaseGeneration;
        AuditedGeneration = auditedGeneration;
    }

    public long DatabaseGeneration { get; }

    public long AuditedGeneration { get; }
}
