namespace Sigilum.Backends.Resilience;

public sealed class ResilientBackendTests
{
    private static readonly CredentialMetadata CacheableFiveMinutes = new(TimeSpan.FromMinutes(5), Cacheable: true);
    private readonly BackendTestKit _kit = new();
    private readonly ScriptedBackend _inner = new();

    private ResilientBackend Wrap(bool singleFlight = true) => new(_inner, _kit.Time, new ResilienceOptions { SingleFlight = singleFlight });

    [Fact]
    public async Task BKD_03_ConcurrentCallers_OneInnerFetchEachGetsOwnCopy()
    {
        var backend = Wrap();
        _inner.Answer("v1");
        _inner.Hold();

        var first = backend.FetchAsync("ref", CancellationToken.None);
        await _inner.Entered.Task;
        var second = backend.FetchAsync("ref", CancellationToken.None);
        _inner.Release();
        var a = await first;
        var b = await second;

        Assert.Equal(1, _inner.Calls);
        Assert.NotSame(a.Credential, b.Credential);
        a.Credential!.Dispose();
        Assert.Equal("v1", BackendTestKit.Text(b));
    }

    [Fact]
    public async Task FetchAsync_FollowerDeadlinePasses_TimeoutWhileLeaderSucceeds()
    {
        var backend = Wrap();
        _inner.Answer("v1");
        _inner.Hold();
        using var followerDeadline = new CancellationTokenSource();

        var leader = backend.FetchAsync("ref", CancellationToken.None);
        await _inner.Entered.Task;
        var follower = backend.FetchAsync("ref", followerDeadline.Token);
        await followerDeadline.CancelAsync();
        BackendTestKit.Failure(await follower, BackendErrorKind.Timeout);
        _inner.Release();

        Assert.Equal("v1", BackendTestKit.Text(await leader));
    }

    [Fact]
    public async Task FetchAsync_LeaderDeadlinePasses_FollowerWithTimeLeftFetchesItself()
    {
        var backend = Wrap();
        _inner.Answer("v1");
        _inner.Hold();
        using var leaderDeadline = new CancellationTokenSource();

        var leader = backend.FetchAsync("ref", leaderDeadline.Token);
        await _inner.Entered.Task;
        var follower = backend.FetchAsync("ref", CancellationToken.None);
        await leaderDeadline.CancelAsync();
        BackendTestKit.Failure(await leader, BackendErrorKind.Timeout);
        _inner.Release();

        Assert.Equal("v1", BackendTestKit.Text(await follower));
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task BKD_01_LeaderTimesOutAlone_NoSecondAttempt()
    {
        var backend = Wrap();
        _inner.Answer(BackendError.Of(BackendErrorKind.Timeout, "backend cap"));

        BackendTestKit.Failure(await backend.FetchAsync("ref", CancellationToken.None), BackendErrorKind.Timeout);

        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_CacheableWithinTtl_ServedFromCacheWithRemainingTtl()
    {
        var backend = Wrap();
        _inner.Answer("v1", CacheableFiveMinutes);
        BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None));

        _kit.Time.Advance(TimeSpan.FromMinutes(2));
        var cached = await backend.FetchAsync("ref", CancellationToken.None);

        Assert.Equal(1, _inner.Calls);
        Assert.Equal(TimeSpan.FromMinutes(3), cached.Credential!.Metadata.Ttl);
        Assert.Equal("v1", BackendTestKit.Text(cached));
    }

    [Fact]
    public async Task BKD_05_CacheableNearExpiry_FetchedAgain()
    {
        var backend = Wrap();
        _inner.Answer("v1", CacheableFiveMinutes);
        _inner.Answer("v2", CacheableFiveMinutes);
        BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None));

        // Within the 30 s margin before expiry, the cached value is no longer served (BKD-05).
        _kit.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(30));

        Assert.Equal("v2", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task Invalidate_Reference_NextFetchGoesToBackend()
    {
        var backend = Wrap();
        _inner.Answer("v1", CacheableFiveMinutes);
        _inner.Answer("v2", CacheableFiveMinutes);
        BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None));

        ((IBackendCache)backend).Invalidate("ref");

        Assert.Equal("v2", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }

    [Fact]
    public async Task BKD_10_InvalidateAllOnRevocation_EveryReferenceRefetched()
    {
        var backend = Wrap();
        _inner.Answer("a1", CacheableFiveMinutes);
        _inner.Answer("b1", CacheableFiveMinutes);
        _inner.Answer("a2", CacheableFiveMinutes);
        BackendTestKit.Text(await backend.FetchAsync("a", CancellationToken.None));
        BackendTestKit.Text(await backend.FetchAsync("b", CancellationToken.None));

        ((IBackendCache)backend).Invalidate();

        Assert.Equal("a2", BackendTestKit.Text(await backend.FetchAsync("a", CancellationToken.None)));
        Assert.Equal(3, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_NotCacheable_FetchedEveryTime()
    {
        var backend = Wrap();
        _inner.Answer("v1", new CredentialMetadata(TimeSpan.FromMinutes(5), Cacheable: false));
        _inner.Answer("v2");

        BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None));

        Assert.Equal("v2", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_CacheableWithoutTtl_NotCached()
    {
        var backend = Wrap();
        _inner.Answer("v1", new CredentialMetadata(Cacheable: true));
        _inner.Answer("v2");

        BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None));

        Assert.Equal("v2", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_CachedCopyDisposedByCaller_CacheStillServes()
    {
        var backend = Wrap();
        _inner.Answer("v1", CacheableFiveMinutes);
        (await backend.FetchAsync("ref", CancellationToken.None)).Credential!.Dispose();

        Assert.Equal("v1", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }

    [Fact]
    public async Task BKD_03_AfterThrottle_FailsFastUntilBackoffPasses()
    {
        var backend = Wrap();
        _inner.Answer(BackendError.Of(BackendErrorKind.Throttled, "slow down"));
        _inner.Answer("v1");
        BackendTestKit.Failure(await backend.FetchAsync("ref", CancellationToken.None), BackendErrorKind.Throttled);

        var fast = BackendTestKit.Failure(await backend.FetchAsync("other", CancellationToken.None), BackendErrorKind.Throttled);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal(TimeSpan.FromSeconds(1), fast.RetryAfter);

        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("v1", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_RepeatedThrottles_BackoffDoublesAndHonoursRetryAfterCap()
    {
        var backend = Wrap();
        _inner.Answer(BackendError.Of(BackendErrorKind.Throttled, "1"));
        _inner.Answer(BackendError.Of(BackendErrorKind.Throttled, "2"));
        _inner.Answer(BackendError.Of(BackendErrorKind.Throttled, "3") with { RetryAfter = TimeSpan.FromHours(1) });

        await backend.FetchAsync("ref", CancellationToken.None);
        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        await backend.FetchAsync("ref", CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(2), (await backend.FetchAsync("ref", CancellationToken.None)).Error!.RetryAfter);
        _kit.Time.Advance(TimeSpan.FromSeconds(2));
        await backend.FetchAsync("ref", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(60), (await backend.FetchAsync("ref", CancellationToken.None)).Error!.RetryAfter);
        Assert.Equal(3, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_CallerAlreadyOutOfTime_TimeoutWithoutFetching()
    {
        var backend = Wrap();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        BackendTestKit.Failure(await backend.FetchAsync("ref", cancelled.Token), BackendErrorKind.Timeout);
        Assert.Equal(0, _inner.Calls);
    }

    [Fact]
    public async Task FetchAsync_SingleFlightOff_EachCallerFetches()
    {
        var backend = Wrap(singleFlight: false);
        _inner.Answer("v1");
        _inner.Answer("v2");

        Assert.Equal("v1", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
        Assert.Equal("v2", BackendTestKit.Text(await backend.FetchAsync("ref", CancellationToken.None)));
    }
}
