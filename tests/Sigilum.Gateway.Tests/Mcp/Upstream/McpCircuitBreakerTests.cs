using Sigilum.Testing;

namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpCircuitBreakerTests
{
    private const string Key = "conn:a\0http://x/";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TryEnter_AfterFailuresBelowTheThreshold_StaysClosed()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        breaker.Failed(Key);
        breaker.Failed(Key);

        Assert.True(breaker.TryEnter(Key, out _));
    }

    [Fact]
    public void Succeeded_ResetsTheCount()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        breaker.Failed(Key);
        breaker.Failed(Key);
        breaker.Succeeded(Key);
        breaker.Failed(Key);
        breaker.Failed(Key);

        Assert.True(breaker.TryEnter(Key, out _));
    }

    [Fact]
    public void TryEnter_Open_RefusesWithTheRestOfTheCooldownThenLetsOneProbeThrough()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        for (var i = 0; i < 3; i++)
        {
            breaker.Failed(Key);
        }
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.False(breaker.TryEnter(Key, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(6), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(breaker.TryEnter(Key, out _));
        // While the probe is out, others fail fast.
        Assert.False(breaker.TryEnter(Key, out retryAfter));
        Assert.Equal(TimeSpan.Zero, retryAfter);
    }

    [Fact]
    public void Abandoned_Probe_LetsTheNextCallProbe()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        for (var i = 0; i < 3; i++)
        {
            breaker.Failed(Key);
        }
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryEnter(Key, out _));

        breaker.Abandoned(Key);

        Assert.True(breaker.TryEnter(Key, out _));
    }

    [Fact]
    public void Failed_Probe_OpensForAnotherCooldown()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        for (var i = 0; i < 3; i++)
        {
            breaker.Failed(Key);
        }
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryEnter(Key, out _));

        breaker.Failed(Key);

        Assert.False(breaker.TryEnter(Key, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
    }

    [Fact]
    public void TryEnter_OtherKey_IsIndependent()
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions(), _time);
        for (var i = 0; i < 3; i++)
        {
            breaker.Failed(Key);
        }

        Assert.True(breaker.TryEnter("conn:b\0http://x/", out _));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(3, 0)]
    public void TryEnter_Disabled_NeverOpens(int failures, int cooldownSeconds)
    {
        var breaker = new McpCircuitBreaker(new McpUpstreamOptions { CircuitBreakerFailures = failures, CircuitBreakerCooldown = TimeSpan.FromSeconds(cooldownSeconds) }, _time);
        for (var i = 0; i < 10; i++)
        {
            breaker.Failed(Key);
        }

        Assert.True(breaker.TryEnter(Key, out _));
    }
}
