using System.Collections.Immutable;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// An immutable set of approved claims indexed for the request path. Updates return a new set, which the
/// cache publishes with one reference swap, so readers never lock and never see a half-applied change.
/// Claims are kept per claim id under their key, so revoking one claim of a key cannot drop another
/// approved claim for the same key.
/// </summary>
internal sealed class ApprovalSet
{
    public static readonly ApprovalSet Empty = new(ImmutableDictionary<ApprovalKey, ImmutableDictionary<string, ApprovedClaim>>.Empty, 0);

    private readonly ImmutableDictionary<ApprovalKey, ImmutableDictionary<string, ApprovedClaim>> _byKey;

    private ApprovalSet(ImmutableDictionary<ApprovalKey, ImmutableDictionary<string, ApprovedClaim>> byKey, int count)
    {
        _byKey = byKey;
        Count = count;
    }

    /// <summary>How many approved claims the set holds.</summary>
    public int Count { get; }

    public static ApprovalSet From(IEnumerable<ApprovedClaim> claims)
    {
        var set = Empty;
        foreach (var claim in claims)
        {
            set = set.With(claim);
        }
        return set;
    }

    /// <summary>Adds <paramref name="claim"/>, replacing an earlier version of the same claim.</summary>
    public ApprovalSet With(ApprovedClaim claim)
    {
        var claims = _byKey.GetValueOrDefault(claim.Key) ?? ImmutableDictionary.Create<string, ApprovedClaim>(StringComparer.Ordinal);
        var count = claims.ContainsKey(claim.ClaimId) ? Count : Count + 1;
        return new ApprovalSet(_byKey.SetItem(claim.Key, claims.SetItem(claim.ClaimId, claim)), count);
    }

    /// <summary>Removes claim <paramref name="claimId"/> of <paramref name="key"/> if present.</summary>
    public ApprovalSet Without(ApprovalKey key, string claimId)
    {
        if (_byKey.GetValueOrDefault(key) is not { } claims || !claims.ContainsKey(claimId))
        {
            return this;
        }
        var rest = claims.Remove(claimId);
        return new ApprovalSet(rest.IsEmpty ? _byKey.Remove(key) : _byKey.SetItem(key, rest), Count - 1);
    }

    /// <summary>True when some approved claim of <paramref name="key"/> covers <paramref name="subject"/> at <paramref name="now"/>.</summary>
    public bool Covers(ApprovalKey key, string? subject, DateTimeOffset now) => Covering(key, subject, now) is not null;

    /// <summary>An approved claim of <paramref name="key"/> that covers <paramref name="subject"/> at <paramref name="now"/>, or null.</summary>
    public ApprovedClaim? Covering(ApprovalKey key, string? subject, DateTimeOffset now)
    {
        if (_byKey.GetValueOrDefault(key) is not { } claims)
        {
            return null;
        }
        foreach (var claim in claims.Values)
        {
            if (claim.Covers(subject, now))
            {
                return claim;
            }
        }
        return null;
    }
}
