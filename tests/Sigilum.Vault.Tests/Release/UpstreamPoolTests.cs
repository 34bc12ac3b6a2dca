using Sigilum.Testing;

namespace Sigilum.Vault.Release;

/// <summary>
/// The upstream pool (docs/decisions/0030) against a plain loopback listener: reuse within one key only,
/// idle timeout on the injected clock, a peer's close noticed before reuse, bounds, disposal.
/// </summary>
public sealed class UpstreamPoolTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private static UpstreamPool Pool(TimeProvider time, int maxIdlePerKey = 4, int maxIdle = 16) =>
        new(new UpstreamConnector([]), time, Idle, maxIdlePerKey, maxIdle);

    private static UpstreamKey Key(LoopbackListener listener, string agent = "agt_a", string route = "rt_a") =>
        new("http", "plain.upstream.test", listener.EndPoint, agent, route);

    [Fact]
    public async Task Rent_AfterReturn_SameConnectionMarkedReused()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var first = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        await listener.WaitForAsync(1);
        await pool.ReturnAsync(first);

        var second = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);

        Assert.Same(first, second);
        Assert.True(second.Reused);
        Assert.Single(listener.Accepted);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Rent_Fresh_NewConnectionEvenWithOneIdle()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var first = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        await pool.ReturnAsync(first);

        await using var second = await pool.RentAsync(Key(listener), fresh: true, CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.False(second.Reused);
        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task Rent_OtherAgent_NewConnection()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var agentA = await pool.RentAsync(Key(listener, agent: "agt_a"), fresh: false, CancellationToken.None);
        await pool.ReturnAsync(agentA);

        await using var agentB = await pool.RentAsync(Key(listener, agent: "agt_b"), fresh: false, CancellationToken.None);

        Assert.NotSame(agentA, agentB);
        Assert.False(agentB.Reused);
        await listener.WaitForAsync(2);
    }

    [Fact]
    public async Task Rent_OtherRoute_NewConnection()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var routeA = await pool.RentAsync(Key(listener, route: "rt_a"), fresh: false, CancellationToken.None);
        await pool.ReturnAsync(routeA);

        await using var routeB = await pool.RentAsync(Key(listener, route: "rt_b"), fresh: false, CancellationToken.None);

        Assert.NotSame(routeA, routeB);
        Assert.False(routeB.Reused);
    }

    [Fact]
    public async Task Rent_IdleForTheTimeout_NewConnection()
    {
        await using var listener = new LoopbackListener();
        var time = new FakeTimeProvider(1_700_000_000);
        await using var pool = Pool(time);
        var first = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        await pool.ReturnAsync(first);
        time.Advance(Idle);

        await using var second = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.False(second.Reused);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task Rent_PeerClosedWhileIdle_NewConnection()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var first = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        await listener.WaitForAsync(1);
        await pool.ReturnAsync(first);
        Assert.True(listener.Accepted.TryPeek(out var serverSide));
        serverSide.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        // The FIN must have arrived before the pool looks; wait for it instead of sleeping.
        while (first.IsUsable(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Idle))
        {
            await Task.Yield();
        }

        await using var second = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);

        Assert.NotSame(first, second);
        Assert.False(second.Reused);
    }

    [Fact]
    public async Task Return_BeyondThePerKeyBound_Closed()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000), maxIdlePerKey: 1);
        var first = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        var second = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);

        await pool.ReturnAsync(first);
        await pool.ReturnAsync(second);

        Assert.Equal(1, pool.IdleCount);
        Assert.False(second.IsUsable(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Idle));
    }

    [Fact]
    public async Task Return_BeyondTheTotalBound_Closed()
    {
        await using var listener = new LoopbackListener();
        await using var pool = Pool(new FakeTimeProvider(1_700_000_000), maxIdle: 1);
        var agentA = await pool.RentAsync(Key(listener, agent: "agt_a"), fresh: false, CancellationToken.None);
        var agentB = await pool.RentAsync(Key(listener, agent: "agt_b"), fresh: false, CancellationToken.None);

        await pool.ReturnAsync(agentA);
        await pool.ReturnAsync(agentB);

        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task Dispose_ClosesIdleConnectionsAndRefusesReturns()
    {
        await using var listener = new LoopbackListener();
        var pool = Pool(new FakeTimeProvider(1_700_000_000));
        var idle = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        var busy = await pool.RentAsync(Key(listener), fresh: false, CancellationToken.None);
        await pool.ReturnAsync(idle);

        await pool.DisposeAsync();
        await pool.ReturnAsync(busy);

        Assert.Equal(0, pool.IdleCount);
        Assert.False(idle.IsUsable(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Idle));
        Assert.False(busy.IsUsable(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Idle));
    }
}
