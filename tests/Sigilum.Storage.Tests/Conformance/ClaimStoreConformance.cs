using Sigilum.Core.Claims;

namespace Sigilum.Storage.Conformance;

public abstract class ClaimStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task SubmitAsync_NewTriple_CreatesClaimAsGiven()
    {
        var ns = await NewNamespaceAsync();
        var claim = Records.Claim(ns, T0) with { AllowedSubjects = ["alice", "bob"], Reason = "why not" };

        var (stored, created) = await Store.Claims.SubmitAsync(claim);

        Assert.True(created);
        ClaimAssert.Same(claim, stored);
        ClaimAssert.Same(claim, await Store.Claims.GetAsync(claim.Id));
        ClaimAssert.Same(claim, await Store.Claims.FindAsync(ns, claim.Service, claim.PublicKey));
    }

    [Theory]
    [InlineData(ClaimStatus.Pending)]
    [InlineData(ClaimStatus.Approved)]
    public async Task SubmitAsync_LiveClaimExists_ReturnsExistingNotCreated(ClaimStatus live)
    {
        var ns = await NewNamespaceAsync();
        var first = Records.Claim(ns, T0) with { Status = live };
        await Store.Claims.SubmitAsync(first);

        var again = Records.Claim(ns, T0.AddMinutes(1), first.Service, first.PublicKey);
        var (returned, created) = await Store.Claims.SubmitAsync(again);

        Assert.False(created);
        ClaimAssert.Same(first, returned);
        Assert.Null(await Store.Claims.GetAsync(again.Id));
    }

    [Theory]
    [InlineData(ClaimStatus.Rejected)]
    [InlineData(ClaimStatus.Revoked)]
    [InlineData(ClaimStatus.Expired)]
    public async Task SubmitAsync_TerminalClaimExists_ReplacesItWithNewId(ClaimStatus terminal)
    {
        var ns = await NewNamespaceAsync();
        var old = Records.Claim(ns, T0) with { Status = terminal, Reason = "old reason", AllowedSubjects = ["x"] };
        await Store.Claims.SubmitAsync(old);

        var fresh = Records.Claim(ns, T0.AddMinutes(1), old.Service, old.PublicKey);
        var (returned, created) = await Store.Claims.SubmitAsync(fresh);

        Assert.True(created);
        ClaimAssert.Same(fresh, returned);
        Assert.Null(await Store.Claims.GetAsync(old.Id));
        ClaimAssert.Same(fresh, await Store.Claims.FindAsync(ns, old.Service, old.PublicKey));
    }

    [Fact]
    public async Task TransitionAsync_ExpectedStatusMatches_AppliesAndReturnsChange()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        var approved = Records.Approved(claim, T0.AddMinutes(1)) with { ExpiresAt = T0.AddDays(30), AllowedSubjects = ["alice"] };

        var change = await Store.Claims.TransitionAsync(approved, ClaimStatus.Pending);

        Assert.NotNull(change);
        Assert.Equal((ns, T0.AddMinutes(1)), (change.Namespace, change.At));
        ClaimAssert.Same(approved, change.Claim);
        ClaimAssert.Same(approved, await Store.Claims.GetAsync(claim.Id));
    }

    [Fact]
    public async Task TransitionAsync_Approve_KeepsWhoApproved_InTheRowAndTheChangeFeed()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        Assert.Null(claim.ApprovedBy);
        var approved = Records.Approved(claim, T0.AddMinutes(1)) with { ApprovedBy = "dashboard:own_0123456789abcdef" };

        var change = await Store.Claims.TransitionAsync(approved, ClaimStatus.Pending);

        // Migration 0008 (ADR 0062): the approver is a column of the claim and travels in the change feed's snapshot.
        Assert.Equal("dashboard:own_0123456789abcdef", change!.Claim.ApprovedBy);
        Assert.Equal("dashboard:own_0123456789abcdef", (await Store.Claims.GetAsync(claim.Id))!.ApprovedBy);
        var revoked = await Store.Claims.TransitionAsync(approved with { Status = ClaimStatus.Revoked, RevokedAt = T0.AddMinutes(2), UpdatedAt = T0.AddMinutes(2) }, ClaimStatus.Approved);
        Assert.Equal("dashboard:own_0123456789abcdef", revoked!.Claim.ApprovedBy);
    }

    [Fact]
    public async Task TransitionAsync_ExpectedStatusDiffers_ReturnsNullAndLeavesClaim()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;

        var revoked = claim with { Status = ClaimStatus.Revoked, RevokedAt = T0, UpdatedAt = T0.AddMinutes(1) };
        Assert.Null(await Store.Claims.TransitionAsync(revoked, ClaimStatus.Approved));

        ClaimAssert.Same(claim, await Store.Claims.GetAsync(claim.Id));
    }

    [Fact]
    public async Task TransitionAsync_UnknownClaim_ReturnsNull()
    {
        var ns = await NewNamespaceAsync();
        Assert.Null(await Store.Claims.TransitionAsync(Records.Claim(ns, T0), ClaimStatus.Pending));
    }

    [Fact]
    public async Task TransitionAsync_TriesToChangeKeyColumns_KeepsTripleAndCreatedAt()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        var sneaky = Records.Approved(claim, T0.AddMinutes(1)) with { Service = "other", PublicKey = "ed25519:other", CreatedAt = T0.AddYears(1) };

        var change = await Store.Claims.TransitionAsync(sneaky, ClaimStatus.Pending);

        Assert.NotNull(change);
        Assert.Equal((claim.Service, claim.PublicKey, claim.CreatedAt, ClaimStatus.Approved),
            (change.Claim.Service, change.Claim.PublicKey, change.Claim.CreatedAt, change.Claim.Status));
    }

    [Fact]
    public async Task TransitionAsync_ConcurrentApproveAndRejectFromTwoInstances_ExactlyOneWinsEachTime()
    {
        var ns = await NewNamespaceAsync();
        var other = await OpenAsync();
        var claims = new List<ClaimRecord>();
        for (var i = 0; i < 12; i++)
        {
            claims.Add((await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim);
        }
        var decidedAt = T0.AddMinutes(1);

        // For each pending claim, one instance approves while the other rejects, at the same moment.
        var outcomes = await RaceAsync(claims.Count * 2, async i =>
        {
            var claim = claims[i / 2];
            var approve = i % 2 == 0;
            var updated = approve
                ? Records.Approved(claim, decidedAt)
                : claim with { Status = ClaimStatus.Rejected, UpdatedAt = decidedAt };
            return (claim.Id, Change: await (approve ? Store : other).Claims.TransitionAsync(updated, ClaimStatus.Pending));
        });

        foreach (var group in outcomes.GroupBy(o => o.Id))
        {
            var winner = Assert.Single(group, o => o.Change is not null);
            Assert.Equal(winner.Change!.Claim.Status, (await Store.Claims.GetAsync(group.Key))!.Status);
        }
        Assert.Equal(claims.Count * 2, (await Store.Claims.ReadChangesAsync(ns, 0, 1000)).Count);
    }

    [Fact]
    public async Task ListAsync_Filters_MatchAndCountBeforePaging()
    {
        var ns = await NewNamespaceAsync();
        var other = await NewNamespaceAsync();
        var key = Records.AgentKey();
        for (var i = 0; i < 5; i++)
        {
            await Store.Claims.SubmitAsync(Records.Claim(ns, T0.AddMinutes(i), service: i % 2 == 0 ? "openai" : "slack", publicKey: i < 2 ? key : null));
        }
        var approvedClaim = (await Store.Claims.FindAsync(ns, "openai", key))!;
        await Store.Claims.TransitionAsync(Records.Approved(approvedClaim, T0.AddHours(1)), ClaimStatus.Pending);
        await Store.Claims.SubmitAsync(Records.Claim(other, T0));

        Assert.Equal(5, (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns })).Total);
        Assert.Equal(6, (await Store.Claims.ListAsync(new ClaimQuery())).Total);
        Assert.Equal([approvedClaim.Id], (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Approved })).Items.Select(c => c.Id));
        Assert.Equal(3, (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Service = "openai" })).Total);
        Assert.Equal(2, (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, PublicKey = key })).Total);
        Assert.Equal(1, (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Pending, Service = "slack", PublicKey = key })).Total);
    }

    [Fact]
    public async Task ListAsync_UpdatedBefore_KeepsOnlyClaimsLastChangedEarlier()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 4; i++)
        {
            await Store.Claims.SubmitAsync(Records.Claim(ns, T0.AddHours(i)));
        }

        var old = await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Pending, UpdatedBefore = T0.AddHours(2) });

        Assert.Equal(2, old.Total);
        Assert.All(old.Items, c => Assert.True(c.UpdatedAt < T0.AddHours(2)));
        Assert.Equal(0, (await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, UpdatedBefore = T0 })).Total);
    }

    [Fact]
    public async Task ListAsync_Paging_NewestFirstWithTotalAndHasMore()
    {
        var ns = await NewNamespaceAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Store.Claims.SubmitAsync(Records.Claim(ns, T0.AddMinutes(i)))).Claim.Id);
        }
        ids.Reverse();

        var first = await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Limit = 2 });
        var last = await Store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Limit = 2, Offset = 4 });

        Assert.Equal(ids.Take(2), first.Items.Select(c => c.Id));
        Assert.Equal((5, true), (first.Total, first.HasMore));
        Assert.Equal(ids.Skip(4), last.Items.Select(c => c.Id));
        Assert.Equal((5, false), (last.Total, last.HasMore));
    }

    [Fact]
    public async Task FindAsync_OtherNamespaceOrService_ReturnsNull()
    {
        var ns = await NewNamespaceAsync();
        var other = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;

        Assert.Null(await Store.Claims.FindAsync(other, claim.Service, claim.PublicKey));
        Assert.Null(await Store.Claims.FindAsync(ns, "slack", claim.PublicKey));
        Assert.Null(await Store.Claims.GetAsync("cl_000000000000000000000000"));
    }
}
