using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Witness;

/// <summary>
/// What a data plane supplies to <see cref="WitnessClient"/>: where the witness is, how a request is signed as this
/// node, what the control plane's answer must be bound to (ADR 0024), and what to do with each outcome. The gateway
/// sends through its signed control-plane client and logs; the vault signs with its node key, re-signs checkpoints
/// under its registered node id and persists the acknowledged seq in its pairing file.
/// </summary>
public interface IWitnessLink
{
    /// <summary>The witness endpoint, <c>…/v1/witness/checkpoints</c>; read per attempt, so a moved control plane is followed.</summary>
    Uri CheckpointsUrl { get; }

    /// <summary>The node's namespace: the first field the witness answer's signature binds.</summary>
    string Namespace { get; }

    /// <summary>The node's public key (<c>ed25519:…</c>), the node binding of the witness answer's signature.</summary>
    string NodeKey { get; }

    /// <summary>The pinned control-plane public key, or null when none is pinned (then no answer counts as witnessed).</summary>
    byte[]? ControlPlaneKey { get; }

    /// <summary>The newest seq acknowledged before this client started (0 = none); lower or equal seqs are not sent.</summary>
    long AcknowledgedSeq { get; }

    /// <summary>Retry and timeout policy; read per attempt.</summary>
    WitnessRetryPolicy Retry { get; }

    /// <summary>The checkpoint the witness gets for <paramref name="local"/> (the same one, or re-signed under the registered node id).</summary>
    AuditCheckpoint ForWitness(AuditCheckpoint local);

    /// <summary>Signs <paramref name="request"/> (whose body is <paramref name="body"/>) as this node and sends it.</summary>
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>The witness accepted (and signed for) checkpoint <paramref name="seq"/>; <paramref name="duplicate"/> when it already held it.</summary>
    void Witnessed(long seq, bool duplicate);

    /// <summary>Checkpoint <paramref name="seq"/> did not get through (<paramref name="reason"/>); the next attempt is in <paramref name="delay"/>.</summary>
    void Retrying(long seq, string reason, TimeSpan delay);

    /// <summary>The witness refused checkpoint <paramref name="seq"/> for good (HTTP <paramref name="status"/>, error <paramref name="code"/>).</summary>
    void Refused(long seq, int status, string? code);
}
