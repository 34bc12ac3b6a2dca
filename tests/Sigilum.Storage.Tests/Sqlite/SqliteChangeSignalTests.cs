using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

/// <summary>The signal's own promises on SQLite: local wake-ups without polling, and nothing left behind.</summary>
public sealed class SqliteChangeSignalTests() : StoreTestBase(new SqliteProvider())
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

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
}
