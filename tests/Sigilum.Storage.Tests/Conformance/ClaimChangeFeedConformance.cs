using Sigilum.Core.Claims;

namespace Sigilum.Storage.Conformance;

public abstract class ClaimChangeFeedConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LatestChangeSeqAsync_EmptyFeed_IsZero() => Assert.Equal(0, await Store.Claims.LatestChangeSeqAsync());

    [Fact]
    public async Task Changes_SubmitAndTransitions_StrictlyIncreasingSeqOldestFirst()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        var approved = (await Store.Claims.TransitionAsync(Records.Approved(claim, T0.AddMinutes(1)), ClaimStatus.Pending))!;
        var revoked = (await Store.Claims.TransitionAsync(approved.Claim with { Status = ClaimStatus.Revoked, RevokedAt = T0.AddMinutes(2), UpdatedAt = T0.AddMinutes(2) }, ClaimStatus.Approved))!;

        var changes = await Store.Claims.ReadChangesAsync(null, 0, 100);

        Assert.Equal([ClaimStatus.Pending, ClaimStatus.Approved, ClaimStatus.Revoked], changes.Select(c => c.Claim.Status));
        Assert.True(changes[0].Seq < changes[1].Seq && changes[1].Seq < changes[2].Seq);
        Assert.Equal([approved.Seq, revoked.Seq], changes.Skip(1).Select(c => c.Seq));
        Assert.Equal(revoked.Seq, await Store.Claims.LatestChangeSeqAsync());
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], changes.Select(c => c.At));
    }

    [Fact]
    public async Task ReadChangesAsync_OldEntry_KeepsTheStateAtThatChange()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0) with { AllowedSubjects = ["alice"] })).Claim;
        await Store.Claims.TransitionAsync(Records.Approved(claim, T0.AddMinutes(1)), ClaimStatus.Pending);

        var first = (await Store.Claims.ReadChangesAsync(ns, 0, 1)).Single();

        ClaimAssert.Same(claim, first.Claim);
    }

    [Fact]
    public async Task ReadChangesAsync_AfterAndLimit_ReturnsTheNextPageInOrder()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 7; i++)
        {
            await Store.Claims.SubmitAsync(Records.Claim(ns, T0.AddSeconds(i)));
        }
        var all = await Store.Claims.ReadChangesAsync(ns, 0, 100);

        var page = await Store.Claims.ReadChangesAsync(ns, all[2].Seq, 3);

        Assert.Equal(all.Skip(3).Take(3).Select(c => c.Seq), page.Select(c => c.Seq));
        Assert.Empty(await Store.Claims.ReadChangesAsync(ns, all[^1].Seq, 10));
    }

    [Fact]
    public async Task ReadChangesAsync_Namespace_ExcludesOtherNamespaces()
    {
        var a = await NewNamespaceAsync();
        var b = await NewNamespaceAsync();
        await Store.Claims.SubmitAsync(Records.Claim(a, T0));
        await Store.Claims.SubmitAsync(Records.Claim(b, T0));
        await Store.Claims.SubmitAsync(Records.Claim(a, T0));

        Assert.Equal([a, a], (await Store.Claims.ReadChangesAsync(a, 0, 10)).Select(c => c.Namespace));
        Assert.Equal([b], (await Store.Claims.ReadChangesAsync(b, 0, 10)).Select(c => c.Claim.Namespace));
        Assert.Equal(3, (await Store.Claims.ReadChangesAsync(null, 0, 10)).Count);
    }

    [Fact]
    public async Task SubmitAsync_ExistingLiveClaimOrFailedTransition_AppendsNothing()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        var before = await Store.Claims.LatestChangeSeqAsync();

        await Store.Claims.SubmitAsync(Records.Claim(ns, T0, claim.Service, claim.PublicKey));
        await Store.Claims.TransitionAsync(claim with { Status = ClaimStatus.Revoked }, ClaimStatus.Approved);

        Assert.Equal(before, await Store.Claims.LatestChangeSeqAsync());
    }

    [Fact]
    public async Task ReadChangesAsync_WhileTwoInstancesWrite_ReaderFollowingItsCursorMissesNothing()
    {
        // A reader that advances its cursor to the last seq it saw must never skip a change that commits
        // later with a smaller seq (PostgreSQL sequences are not commit-ordered on their own).
        var ns = await NewNamespaceAsync();
        var other = await OpenAsync();
        var writes = RaceAsync(40, async i => (await (i % 2 == 0 ? Store : other).Claims.SubmitAsync(Records.Claim(ns, T0))).Claim.Id);
        var seen = new List<ClaimChange>();
        var cursor = 0L;
        while (true)
        {
            // Read once more after every write has committed; an empty page then means the end.
            var writersDone = writes.IsCompleted;
            var page = await Store.Claims.ReadChangesAsync(ns, cursor, 7);
            seen.AddRange(page);
            cursor = page.Count > 0 ? page[^1].Seq : cursor;
            if (writersDone && page.Count == 0)
            {
                break;
            }
        }

        Assert.Equal((await writes).Order(), seen.Select(c => c.Claim.Id).Order());
        Assert.Equal(seen.Select(c => c.Seq).Order(), seen.Select(c => c.Seq));
    }

    [Fact]
    public async Task ChangeSignal_FeedAlreadyPastTheCursor_ReturnsTrueAtOnce()
    {
        var ns = await NewNamespaceAsync();
        await Store.Claims.SubmitAsync(Records.Claim(ns, T0));
        var fresh = await OpenAsync();

        Assert.True(await fresh.ChangeSignal.WaitAsync(0, Patience));
    }

    [Fact]
    public async Task ChangeSignal_OwnWrite_WakesTheWaiter()
    {
        var ns = await NewNamespaceAsync();
        var head = await Store.Claims.LatestChangeSeqAsync();
        var waiting = Store.ChangeSignal.WaitAsync(head, Patience);

        await Store.Claims.SubmitAsync(Records.Claim(ns, T0));

        Assert.True(await waiting);
    }

    [Fact]
    public async Task ChangeSignal_WriteByAnotherInstance_WakesTheWaiter()
    {
        var ns = await NewNamespaceAsync();
        var other = await OpenAsync();
        var head = await Store.Claims.LatestChangeSeqAsync();
        var waiting = Store.ChangeSignal.WaitAsync(head, Patience);

        await other.Claims.SubmitAsync(Records.Claim(ns, T0));

        Assert.True(await waiting);
    }

    [Fact]
    public async Task ChangeSignal_NoChange_ReturnsFalseAfterTimeout()
    {
        await NewNamespaceAsync();
        Assert.False(await Store.ChangeSignal.WaitAsync(await Store.Claims.LatestChangeSeqAsync(), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task ChangeSignal_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = Store.ChangeSignal.WaitAsync(0, Patience, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ChangeSignal.WaitAsync(0, Patience, cancel.Token));
    }
}
