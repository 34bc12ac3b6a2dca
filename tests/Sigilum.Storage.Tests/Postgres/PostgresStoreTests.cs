using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

/// <summary>What only the PostgreSQL store promises: NOTIFY fan-out across instances, and a fixture that fails loudly.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : StoreTestBase(new PostgresProvider(server))
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>An hour between safety polls: anything that wakes within a test came from NOTIFY.</summary>
    protected override StoreSettings Settings => new() { ChangePollInterval = TimeSpan.FromHours(1) };

    [Fact]
    public async Task ChangeSignal_CommitOnAnotherInstance_WakesThroughNotify()
    {
        var ns = await NewNamespaceAsync();
        var writer = await OpenAsync();
        var listener = (PostgresSigilumStore)Store;
        var waiting = Store.ChangeSignal.WaitAsync(await Store.Claims.LatestChangeSeqAsync(), Patience);
        // Once LISTEN is in effect and the head was read after it, only a notification can wake the waiter.
        await listener.Listener.Listening.WaitAsync(Patience);

        await writer.Claims.SubmitAsync(Records.Claim(ns, T0));

        Assert.True(await waiting);
    }

    [Fact]
    public async Task ChangeSignal_RolledBackWrite_SendsNoNotification()
    {
        var ns = await NewNamespaceAsync();
        var claim = (await Store.Claims.SubmitAsync(Records.Claim(ns, T0))).Claim;
        var head = await Store.Claims.LatestChangeSeqAsync();
        var waiting = Store.ChangeSignal.WaitAsync(head, TimeSpan.FromMilliseconds(300));
        await ((PostgresSigilumStore)Store).Listener.Listening.WaitAsync(Patience);

        // A transition whose compare-and-set fails appends and notifies nothing.
        await (await OpenAsync()).Claims.TransitionAsync(claim with { Status = Core.Claims.ClaimStatus.Revoked }, Core.Claims.ClaimStatus.Approved);

        Assert.False(await waiting);
    }

    [Fact]
    public async Task ChangeSignal_AfterWaitsEnd_GoesIdleWithNoWaiters()
    {
        var signal = ((PostgresSigilumStore)Store).Signal;
        using var cancel = new CancellationTokenSource();
        var timedOut = signal.WaitAsync(1000, TimeSpan.FromMilliseconds(50));
        var cancelled = signal.WaitAsync(1000, Patience, cancel.Token);

        Assert.False(await timedOut);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        Assert.Equal(0, signal.WaiterCount);
        await signal.WhenIdle.WaitAsync(Patience);
    }

    [Fact]
    public async Task InitializeAsync_UnreachableServerGiven_Throws()
    {
        // With SIGILUM_TEST_POSTGRES set, an unreachable server fails the run instead of skipping it.
        await using var fixture = new PostgresServerHandle();

        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Server.InitializeAsync("Host=127.0.0.1;Port=1;Timeout=2;Username=postgres"));
    }

    [Fact]
    public void Create_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresSigilumStore.Create(new PostgresStoreOptions { ConnectionString = Location, NonceCapacity = -1 }));
        Assert.Throws<ArgumentException>(() => PostgresSigilumStore.Create(new PostgresStoreOptions { ConnectionString = "" }));
    }

    private sealed class PostgresServerHandle : IAsyncDisposable
    {
        public PostgresServer Server { get; } = new();

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
