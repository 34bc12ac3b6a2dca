using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// Stable codes reported by <see cref="AuditChainVerifier"/>. The same strings appear in
/// <c>sigilum audit verify</c> and <c>sigil-vault audit verify</c> output.
/// </summary>
public static class AuditErrorCodes
{
    /// <summary>A line is not a well-formed audit record: bad JSON, too long, not canonical, unknown <c>v</c>, or a field of the wrong shape.</summary>
    public const string LineMalformed = ErrorCatalogue.AuditLineMalformed;

    /// <summary>A record's <c>seq</c> is not exactly one more than the previous record's (deletion, insertion or reordering).</summary>
    public const string SequenceGap = ErrorCatalogue.AuditSequenceGap;

    /// <summary>A record's <c>prev</c> is not the previous record's <c>hash</c>.</summary>
    public const string PrevMismatch = ErrorCatalogue.AuditPrevMismatch;

    /// <summary>A record's <c>hash</c> is not the SHA-256 of its canonical form (the record was edited).</summary>
    public const string HashMismatch = ErrorCatalogue.AuditHashMismatch;

    /// <summary>A record's <c>ts</c> is earlier than the previous record's (writers never go backwards).</summary>
    public const string TimestampRegression = ErrorCatalogue.AuditTimestampRegression;

    /// <summary>A checkpoint is malformed, its signature does not verify, or its key is not trusted.</summary>
    public const string CheckpointInvalid = ErrorCatalogue.AuditCheckpointInvalid;

    /// <summary>A valid checkpoint names a head hash that differs from the log's record at that <c>seq</c> (rewrite or split view).</summary>
    public const string CheckpointMismatch = ErrorCatalogue.AuditCheckpointMismatch;

    /// <summary>The log ends before the latest valid checkpoint's <c>seq</c>: records were cut off the tail.</summary>
    public const string Truncated = ErrorCatalogue.AuditTruncated;
}
