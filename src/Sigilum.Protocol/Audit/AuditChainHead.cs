namespace Sigilum.Protocol.Audit;

/// <summary>
/// Where a chain stands: the <c>seq</c> and <c>hash</c> of its last record and that record's time.
/// A writer resumes from a head; a verifier can start from one (the previous segment's head after
/// log rotation); a checkpoint signs one.
/// </summary>
/// <param name="Seq">The last record's sequence number; 0 before the first record.</param>
/// <param name="Hash">The last record's hash; <see cref="GenesisHash"/> before the first record.</param>
/// <param name="Timestamp">The last record's time, or null before the first record.</param>
public sealed record AuditChainHead(long Seq, string Hash, DateTimeOffset? Timestamp)
{
    /// <summary>
    /// The <c>prev</c> value of record 1 of a fresh log: 64 zeros. It is not the hash of anything,
    /// so a record 1 cannot be spliced after another chain's tail.
    /// </summary>
    public static string GenesisHash => AuditHash.Genesis;

    /// <summary>The head of an empty log: seq 0, <see cref="GenesisHash"/>, no time.</summary>
    public static AuditChainHead Genesis { get; } = new(0, AuditHash.Genesis, null);
}
