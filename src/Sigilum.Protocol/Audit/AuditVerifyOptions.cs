using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

/// <summary>What <see cref="AuditChainVerifier"/> trusts and where the log is expected to start.</summary>
public sealed record AuditVerifyOptions
{
    /// <summary>
    /// Raw 32-byte Ed25519 public keys whose checkpoints are accepted. A checkpoint signed by any
    /// other key fails with <see cref="ErrorCatalogue.AuditCheckpointInvalid"/>, so pass the node's
    /// key(s) from a source other than the checkpoint file itself.
    /// </summary>
    public IReadOnlyList<byte[]> TrustedKeys { get; init; } = [];

    /// <summary>
    /// Signed checkpoints to hold the log against. Without any, tail truncation and a wholesale
    /// rewrite as a new valid chain cannot be detected (reliability STO-07).
    /// </summary>
    public IReadOnlyList<AuditCheckpoint> Checkpoints { get; init; } = [];

    /// <summary>When set, checkpoints naming another node are refused as invalid.</summary>
    public string? ExpectedNode { get; init; }

    /// <summary>
    /// The head the first line must follow: <see cref="AuditChainHead.Genesis"/> (first record
    /// <c>seq</c> 1, <c>prev</c> 64 zeros) for a whole log, or the previous segment's last head when
    /// verifying a segment after rotation. Checkpoints before this head cannot be checked and are ignored.
    /// </summary>
    public AuditChainHead Start { get; init; } = AuditChainHead.Genesis;
}
