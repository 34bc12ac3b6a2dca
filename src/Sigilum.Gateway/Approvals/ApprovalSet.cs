using System.Collections.Immutable;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// An immutable set of approved claims indexed for the request path. Updates return a new set, which the
/// cache publishes with one reference swap, so readers never lock and never see a half-applied change.
/// Claims are kept per claim id under their key, so revoking one claim of a key cannot drop another
/// approved claim for the same key. Each key's claims are also kept as an array (rebuilt on the rare update) so the
/// request path, which asks up to three times per proxied request, walks them without an enumerator.
/// </summary>
internal sealed class ApprovalSet
{
    public static readonly ApprovalSet Empty = new(ImmutableDictionary<ApprovalKey, KeyClaims>.Empty, 0);

    private readonly ImmutableDictionary<ApprovalKey, KeyClaims> _byKey;

    private ApprovalSet(ImmutableDictionary<ApprovalKey, KeyClaims> byKey, int count)
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
        var claims = _byKey.GetValueOrDefault(claim.Key)?.ById ?? ImmutableDictionary.Create<string, ApprovedClaim>(StringComparer.Ordinal);
        var count = claims.ContainsKey(claim.ClaimId) ? Count : Count + 1;
        return new ApprovalSet(_byKey.SetItem(claim.Key, KeyClaims.Of(claims.SetItem(claim.ClaimId, claim))), count);
    }

    /// <summary>Removes claim <paramref name="claimId"/> of <paramref name="key"/> if present.</summary>
    public ApprovalSet Without(ApprovalKey key, string claimId)
    {
        if (_byKey.GetValueOrDefault(key)?.ById is not { } claims || !claims.ContainsKey(claimId))
        {
            return this;
        }
        var rest = claims.Remove(claimId);
        return new ApprovalSet(rest.IsEmpty ? _byKey.Remove(key) : _byKey.SetItem(key, KeyClaims.Of(rest)), Count - 1);
    }

    /// <summary>True when some approved claim of <paramref name="key"/> covers <paramref name="subject"/> at <paramref name="now"/>.</summary>
    public bool Covers(ApprovalKey key, string? subject, DateTimeOffset now) => Covering(key, subject, now) is not null;

    /// <summary>An approved claim of <paramref name="key"/> that covers <paramref name="subject"/> at <paramref name="now"/>, or null.</summary>
    public ApprovedClaim? Covering(ApprovalKey key, string? subject, DateTimeOffset now)
    {
        if (!_byKey.TryGetValue(key, out var claims))
        {
            return null;
        }
        // The array, in the dictionary's own order: the same claim is found as walking its values would find.
        foreach (var claim in claims.All)
        {
            if (claim.Covers(subject, now))
            {
                return claim;
            }
        }
        return null;
    }

    /// <summary>One key's claims by id, and the same claims as an array for the request path.</summary>
    private sealed class KeyClaims(ImmutableDictionary<string, ApprovedClaim> byId, ApprovedClaim[] all)
    {
        public ImmutableDictionary<string, ApprovedClaim> ById { get; } = byId;

        public ApprovedClaim[] All { get; } = all;

        public static KeyClaims Of(ImmutableDictionary<string, ApprovedClaim> byId) => new(byId, [.. byId.Values]);
    }
}
