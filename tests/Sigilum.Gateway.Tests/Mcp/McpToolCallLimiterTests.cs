using Sigilum.Testing;

namespace Sigilum.Gateway.Mcp;

/// <summary>The tool-call rate limit (spec §3.10): per connection|namespace, per wall-clock minute, 0 = off.</summary>
public sealed class McpToolCallLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private McpToolCallLimiter Limiter(int perMinute) => new(new McpGatewayOptions { ToolCallRateLimitPerMinute = perMinute }, _time);

    [Fact]
    public void TryAcquire_OverTheLimit_RefusedUntilTheNextMinute()
    {
        var limiter = Limiter(2);

        Assert.True(limiter.TryAcquire("linear", "alice"));
        Assert.True(limiter.TryAcquire("linear", "alice"));
        Assert.False(limiter.TryAcquire("linear", "alice"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire("linear", "alice"));
    }

    [Fact]
    public void TryAcquire_OtherConnectionOrNamespace_OwnBudget()
    {
        var limiter = Limiter(1);

        Assert.True(limiter.TryAcquire("linear", "alice"));
        Assert.True(limiter.TryAcquire("github", "alice"));
        Assert.True(limiter.TryAcquire("linear", "bob"));
        Assert.False(limiter.TryAcquire("LINEAR", "Alice"));
    }

    [Fact]
    public void TryAcquire_LimitZero_NeverRefused()
    {
        var limiter = Limiter(0);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(limiter.TryAcquire("linear", "alice")));
    }
}
