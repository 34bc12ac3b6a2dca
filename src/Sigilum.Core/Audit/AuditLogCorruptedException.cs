using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>
/// The existing audit log (or its checkpoints) failed verification for a reason other than a torn
/// last line, so it is not opened: appending to a broken chain would hide the break. An operator
/// must inspect it (<c>audit verify</c>) and move it aside.
/// </summary>
public sealed class AuditLogCorruptedException : Exception
{
    public AuditLogCorruptedException()
    {
    }

    public AuditLogCorruptedException(string message) : base(message)
    {
    }

    public AuditLogCorruptedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AuditLogCorruptedException(string message, AuditVerification verification) : base(message)
    {
        Verification = verification;
    }

    /// <summary>The verifier's verdict on <c>audit.jsonl</c>, when the log itself failed; its code names the failure.</summary>
    public AuditVerification? Verification { get; }

    /// <summary>The stable failure code (from <see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/>), when known.</summary>
    public string? Code => Verification?.Code;
}
