using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpUpstreamServicesTests
{
    [Fact]
    public async Task AddMcpUpstream_RegistersOneClientAsTheUpstream()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new ForwardingOptions { ConnectTimeout = TimeSpan.FromSeconds(3) });
        var options = new McpUpstreamOptions { Timeout = TimeSpan.FromSeconds(30) };

        services.AddMcpUpstream(options);
        await using var provider = services.BuildServiceProvider();

        var upstream = provider.GetRequiredService<IMcpUpstream>();
        Assert.IsType<McpUpstreamClient>(upstream);
        Assert.Same(upstream, provider.GetRequiredService<McpUpstreamClient>());
        Assert.Same(options, provider.GetRequiredService<McpUpstreamOptions>());
    }

    [Fact]
    public void AddMcpUpstream_InvalidOptions_FailAtRegistration() =>
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMcpUpstream(new McpUpstreamOptions { Timeout = TimeSpan.Zero }));
}
