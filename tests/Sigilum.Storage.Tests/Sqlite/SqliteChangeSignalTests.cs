using Sigilum.Storage.Conformance;
using Sigilum.Testing;

namespace Sigilum.Storage.Sqlite;

/// <summary>
/// The signal's own promises on SQLite: local wake-ups without polling, commits by other processes seen at the next
/// <c>PRAGMA data_version</c> check (ADR 0034), and nothing left behind.
/// </summary>
public sealed class SqliteChangeSignalTests() : StoreTestBase(new SqliteProvider())
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>An hour between polls: anything that wakes within a test did not come from polling.</summary>
    protected override StoreSettings Settings => new() { ChangePollInterval = TimeSpan.FromHours(1) };

    private SqliteSigilumStore Sqlite => (SqliteSigilumStore)Store;

    [Fact]
    public async Task WaitAsync_OwnCommit_WakesWithoutWaitingForAPoll()
    {
        var ns = await NewNamespaceAsync();
        var head = await Store.Claims.LatestChangeSeqAsync();
        var waiting = Store.ChangeSignal.WaitAsync(head, Patience);

        await Store.Claims.SubmitAsync(Records.Claim(ns, T0));

        Assert.True(await waiting);
    }

    [Fact]
    public async Task WaitAsync_TimedOutAndCancelledWaits_LeaveNoWaitersAndGoIdle()
    {
        using var cancel = new CancellationTokenSource();
        var timedOut = Store.ChangeSignal.WaitAsync(0, TimeSpan.FromMilliseconds(20));
        var cancelled = Store.ChangeSignal.WaitAsync(0, Patience, cancel.Token);

        Assert.False(await timedOut);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        Assert.Equal(0, Sqlite.Signal.WaiterCount);
        await Sqlite.Signal.WhenIdle.WaitAsync(Patience);
    }

    [Fact]
    public async Task DisposeAsync_WhileWaiting_FailsTheWaiterAndRefusesNewOnes()
    {
        var store = SqliteSigilumStore.Open(SqliteProvider.Options(Location, Settings));
        await store.MigrateAsync();
        var waiting = store.ChangeSignal.WaitAsync(1000, Patience);

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ChangeSignal.WaitAsync(1000, Patience));
    }

    [Fact]
    public async Task WaitAsync_CommitByAnotherProcess_SeenAtTheNextDataVersionCheck()
    {
        var ns = await NewNamespaceAsync();
        var clock = new ManualClock(T0);
        await using var watched = await OpenOnAsync(clock);
        var other = await OpenAsync();
        var head = await watched.Claims.LatestChangeSeqAsync();
        var waiting = watched.ChangeSignal.WaitAsync(head, Patience);
        // The watcher read the head once and sleeps until its first check.
        await clock.WhenTimerDueAsync(T0 + Interval).WaitAsync(Patience, TimeProvider.System);

        await other.Claims.SubmitAsync(Records.Claim(ns, T0));

        // No local notification for another store's commit, and no timer fired yet.
        Assert.False(waiting.IsCompleted);
        clock.Advance(Interval);
        Assert.True(await waiting.WaitAsync(Patience, TimeProvider.System));
        Assert.Equal(2, watched.Watcher.HeadReads);
    }

    [Fact]
    public async Task WaitAsync_NothingCommitted_ChecksDataVersionWithoutReadingTheHead()
    {
        await NewNamespaceAsync();
        var clock = new ManualClock(T0);
        await using var watched = await OpenOnAsync(clock);
        var waiting = watched.ChangeSignal.WaitAsync(await watched.Claims.LatestChangeSeqAsync(), Patience);
        await clock.WhenTimerDueAsync(T0 + Interval).WaitAsync(Patience, TimeProvider.System);

        for (var check = 1; check <= 4; check++)
        {
            clock.Advance(Interval);
            // Back asleep until the following check: this one is done.
            await clock.WhenTimerDueAsync(T0 + (Interval * (check + 1))).WaitAsync(Patience, TimeProvider.System);
        }

        Assert.Equal(1, watched.Watcher.HeadReads);
        Assert.False(waiting.IsCompleted);
    }

    /// <summary>A second store on the test's file whose change signal runs on <paramref name="clock"/>, checking every <see cref="Interval"/>.</summary>
    private async Task<SqliteSigilumStore> OpenOnAsync(ManualClock clock)
    {
        var store = SqliteSigilumStore.Open(SqliteProvider.Options(Location, Settings) with { TimeProvider = clock, ChangePollInterval = Interval });
        await store.MigrateAsync();
        return store;
    }
}
