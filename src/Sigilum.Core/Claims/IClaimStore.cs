namespace Sigilum.Core.Claims;

/// <summary>Claims and their change feed. Every method that changes a claim appends a <see cref="ClaimChange"/> atomically.</summary>
public interface IClaimStore
{
    /// <summary>
    /// Files <paramref name="pending"/> unless a pending or approved claim exists for the same
    /// ⟨namespace, service, key⟩, in which case that one is returned with <c>Created=false</c>. A terminal
    /// claim for the triple is replaced (new id).
    /// </summary>
    Task<(ClaimRecord Claim, bool Created)> SubmitAsync(ClaimRecord pending, CancellationToken cancellationToken = default);

    Task<ClaimRecord?> GetAsync(string claimId, CancellationToken cancellationToken = default);

    Task<ClaimRecord?> FindAsync(string ns, string service, string publicKey, CancellationToken cancellationToken = default);

    Task<Page<ClaimRecord>> ListAsync(ClaimQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the claim with <paramref name="updated"/> only if its current status is
    /// <paramref name="expected"/> (compare-and-set, so two owners racing get one winner). Returns the
    /// change, or null when the claim is absent or in another state.
    /// </summary>
    Task<ClaimChange?> TransitionAsync(ClaimRecord updated, ClaimStatus expected, CancellationToken cancellationToken = default);

    /// <summary>Changes after <paramref name="afterSeq"/>, oldest first, optionally for one namespace.</summary>
    Task<IReadOnlyList<ClaimChange>> ReadChangesAsync(string? ns, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest change sequence number, 0 when none.</summary>
    Task<long> LatestChangeSeqAsync(CancellationToken cancellationToken = default);
}
