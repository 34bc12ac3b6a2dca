using System.Collections.Frozen;

namespace Sigilum.Gateway.Approvals;

/// <summary>The immutable approved set: per-claim bookkeeping and the expiry boundary.</summary>
public sealed class ApprovalSetTests
{
    private static readonly ApprovalKey Key = new("alice", "ed25519:abc", "openai");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void RevokingOneClaim_KeepsAnotherApprovedClaimOfTheSameKey()
    {
        var set = ApprovalSet.Empty.With(Claim("c1")).With(Claim("c2"));
        Assert.Equal(2, set.Count);

        var after = set.Without(Key, "c1");

        Assert.Equal(1, after.Count);
        Assert.True(after.Covers(Key, null, Now));
        Assert.False(after.Without(Key, "c2").Covers(Key, null, Now));
        Assert.True(set.Covers(Key, null, Now));
    }

    [Fact]
    public void ReplacingAClaim_DoesNotCountItTwice_AndUnknownRemovalsAreNoOps()
    {
        var set = ApprovalSet.Empty.With(Claim("c1")).With(Claim("c1", Now.AddHours(1)));
        Assert.Equal(1, set.Count);
        Assert.Same(set, set.Without(Key, "missing"));
        Assert.Same(set, set.Without(Key with { Service = "other" }, "c1"));
    }

    [Fact]
    public void ExpiredAtTheInstant_NotAfter()
    {
        var claim = Claim("c1", Now);
        Assert.True(claim.Covers(null, Now.AddTicks(-1)));
        Assert.False(claim.Covers(null, Now));
    }

    [Fact]
    public void Covering_SeveralClaimsOfOneKey_ReturnsTheOneThatCovers()
    {
        var expired = Claim("c1", Now);
        var otherSubject = new ApprovedClaim("c2", Key, null, FrozenSet.Create(StringComparer.Ordinal, "bob"));
        var covering = new ApprovedClaim("c3", Key, Now.AddHours(1), FrozenSet.Create(StringComparer.Ordinal, "carol"));
        var set = ApprovalSet.Empty.With(expired).With(otherSubject).With(covering);

        Assert.Same(covering, set.Covering(Key, "carol", Now));
        Assert.Same(otherSubject, set.Covering(Key, "bob", Now));
        Assert.Null(set.Covering(Key, "dave", Now));
        Assert.Null(set.Covering(Key with { Service = "other" }, "carol", Now));
    }

    [Fact]
    public void Covering_AfterReplaceAndRevoke_SeesTheCurrentClaims()
    {
        var set = ApprovalSet.Empty.With(Claim("c1", Now)).With(Claim("c2", Now));
        Assert.Null(set.Covering(Key, null, Now));

        // A renewed claim replaces its expired version; revoking it leaves the other, still expired.
        var renewed = Claim("c1", Now.AddHours(1));
        var after = set.With(renewed);
        Assert.Same(renewed, after.Covering(Key, null, Now));
        Assert.Null(after.Without(Key, "c1").Covering(Key, null, Now));
        Assert.Null(set.Covering(Key, null, Now));
    }

    private static ApprovedClaim Claim(string id, DateTimeOffset? expires = null) => new(id, Key, expires, FrozenSet<string>.Empty);
}
