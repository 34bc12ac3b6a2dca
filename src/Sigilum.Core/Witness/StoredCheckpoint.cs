namespace Sigilum.Core.Witness;

/// <summary>
/// A signed audit checkpoint a data plane sent us. Kept verbatim so anyone can re-verify it later; the
/// control plane is the witness that makes truncation or rewriting of the node's log detectable.
/// </summary>
public sealed record StoredCheckpoint
{
    public required string NodeId { get; init; }

    public required string Namespace { get; init; }

    public required long Seq { get; init; }

    /// <summary>Hash of the record at <see cref="Seq"/>.</summary>
    public required string Head { get; init; }

    /// <summary>The checkpoint JSON exactly as received.</summary>
    public required string Json { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
