namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpUpstreamOptionsTests
{
    [Fact]
    public void Defaults_FollowTheSpec()
    {
        var options = new McpUpstreamOptions();

        options.Validate();
        Assert.Equal(TimeSpan.FromSeconds(90), options.Timeout);
        Assert.Equal(2 * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(3, options.CircuitBreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CircuitBreakerCooldown);
        Assert.Equal(2, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryBackoff);
        Assert.True(options.CircuitBreakerEnabled);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("limit")]
    [InlineData("failures")]
    [InlineData("cooldown")]
    [InlineData("attempts")]
    [InlineData("backoff")]
    [InlineData("version")]
    public void Validate_Invalid_Throws(string field)
    {
        var options = field switch
        {
            "timeout" => new McpUpstreamOptions { Timeout = TimeSpan.Zero },
            "limit" => new McpUpstreamOptions { MaxResponseBytes = 100 },
            "failures" => new McpUpstreamOptions { CircuitBreakerFailures = -1 },
            "cooldown" => new McpUpstreamOptions { CircuitBreakerCooldown = TimeSpan.FromSeconds(-1) },
            "attempts" => new McpUpstreamOptions { MaxAttempts = 0 },
            "backoff" => new McpUpstreamOptions { RetryBackoff = TimeSpan.FromMilliseconds(-1) },
            _ => new McpUpstreamOptions { ProtocolVersion = " " },
        };

        Assert.Throws<InvalidOperationException>(options.Validate);
    }
}
