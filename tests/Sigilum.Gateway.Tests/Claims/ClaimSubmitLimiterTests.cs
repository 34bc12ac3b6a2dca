using System.Globalization;
using Sigilum.Testing;

namespace Sigilum.Gateway.Claims;

public sealed class ClaimSubmitLimiterTests
{
    // 12:00:30 UTC: half-way through a wall-clock minute.
    private static readonly DateTimeOffset MidMinute = new(2026, 1, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void TryAcquire_WithinOneMinute_AllowsExactlyTheLimit()
    {
        var limiter = new ClaimSubmitLimiter(3, new FakeTimeProvider(MidMinute));

        Assert.True(limiter.TryAcquire("openai", "alice"));
        Assert.True(limiter.TryAcquire("openai", "alice"));
        Assert.True(limiter.TryAcquire("openai", "alice"));
        Assert.False(limiter.TryAcquire("openai", "alice"));
    }

    [Fact]
    public void TryAcquire_WindowIsAlignedToTheWallClockMinute()
    {
        var clock = new FakeTimeProvider(MidMinute);
        var limiter = new ClaimSubmitLimiter(1, clock);
        Assert.True(limiter.TryAcquire("openai", "alice"));

        // 29.999 s later is still the same minute (12:00); a sliding window would not matter here.
        clock.Advance(TimeSpan.FromSeconds(29.999));
        Assert.False(limiter.TryAcquire("openai", "alice"));

        // 12:01:00 exactly starts a new window, only 30 s after the first filing.
        clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 12, 1, 0, TimeSpan.Zero));
        Assert.True(limiter.TryAcquire("openai", "alice"));
        Assert.False(limiter.TryAcquire("openai", "alice"));
    }

    [Fact]
    public void TryAcquire_KeyIgnoresCase()
    {
        var limiter = new ClaimSubmitLimiter(1, new FakeTimeProvider(MidMinute));

        Assert.True(limiter.TryAcquire("OpenAI", "Alice"));
        Assert.False(limiter.TryAcquire("openai", "alice"));
    }

    [Fact]
    public void TryAcquire_OtherConnectionOrNamespace_HasItsOwnCount()
    {
        var limiter = new ClaimSubmitLimiter(1, new FakeTimeProvider(MidMinute));

        Assert.True(limiter.TryAcquire("openai", "alice"));
        Assert.True(limiter.TryAcquire("github", "alice"));
        Assert.True(limiter.TryAcquire("openai", "bob"));
        Assert.False(limiter.TryAcquire("openai", "alice"));
    }

    [Fact]
    public void TryAcquire_LimitZero_IsOff()
    {
        var limiter = new ClaimSubmitLimiter(0, new FakeTimeProvider(MidMinute));

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryAcquire("openai", "alice"));
        }
        Assert.Equal(0, limiter.TrackedKeys);
    }

    [Fact]
    public void TryAcquire_ManyKeys_MemoryStaysBoundedAndOldWindowsAreDropped()
    {
        var clock = new FakeTimeProvider(MidMinute);
        var limiter = new ClaimSubmitLimiter(5, clock);
        for (var i = 0; i < ClaimSubmitLimiter.MaxKeys; i++)
        {
            Assert.True(limiter.TryAcquire("openai", "ns" + i.ToString(CultureInfo.InvariantCulture)));
        }

        // A table full of fresh keys refuses new ones (fail closed) but still counts the known ones.
        Assert.False(limiter.TryAcquire("openai", "one-more"));
        Assert.True(limiter.TryAcquire("openai", "ns0"));
        Assert.Equal(ClaimSubmitLimiter.MaxKeys, limiter.TrackedKeys);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire("openai", "one-more"));
        Assert.Equal(1, limiter.TrackedKeys);
    }
}
