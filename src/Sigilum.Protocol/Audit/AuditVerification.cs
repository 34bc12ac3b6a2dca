namespace Sigilum.Protocol.Audit;

/// <summary>
/// The outcome of verifying an audit log. On failure it names the first bad record; on success
/// with <see cref="TornTail"/> the log is sound up to its last complete record but ends in a partly
/// written line (the writer was killed mid-append), which an operator must repair before anything
/// is appended (reliability STO-05).
/// </summary>
public sealed record AuditVerification
{
    /// <summary>True when every complete record and every checkpoint checked out.</summary>
    public required bool Valid { get; init; }

    /// <summary>The first failure, with a code from <see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/>; null when <see cref="Valid"/>.</summary>
    public ProtocolError? Error { get; init; }

    /// <summary>Shorthand for <see cref="Error"/>'s code.</summary>
    public string? Code => Error?.Code;

    /// <summary>How many records were verified before the first failure (all of them when valid).</summary>
    public required long RecordsVerified { get; init; }

    /// <summary>
    /// The sequence number at which verification failed: the <c>seq</c> the bad line should have
    /// had (for a truncated log, the first missing one); null when valid or when a checkpoint
    /// failed on its own.
    /// </summary>
    public long? FailedSeq { get; init; }

    /// <summary>The 1-based line number of the bad line; null when valid or when the failure is not tied to a line.</summary>
    public long? FailedLine { get; init; }

    /// <summary>True when the log ends in an incomplete line; that line is not counted or trusted.</summary>
    public bool TornTail { get; init; }

    /// <summary>The 1-based line number of the torn line, when <see cref="TornTail"/>.</summary>
    public long? TornTailLine { get; init; }

    /// <summary>The byte offset where the torn line starts (truncate the file here to repair), when known.</summary>
    public long? TornTailOffset { get; init; }

    /// <summary>The head after the last verified record: where a writer may resume once the log is valid and not torn.</summary>
    public required AuditChainHead Head { get; init; }

    /// <summary>How many checkpoints were matched against a record (or the start head).</summary>
    public int CheckpointsMatched { get; init; }
}
