using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Mcp;

/// <summary>The connection admin host (<see cref="ConnectionsHarness"/>) with the MCP feature over a <see cref="FakeMcpUpstream"/>.</summary>
internal static class McpAdminHarness
{
    public static Task<ConnectionsHarness> StartAsync(FakeMcpUpstream upstream, McpGatewayOptions? options = null) =>
        ConnectionsHarness.StartAsync(configureServices: services =>
        {
            services.AddSingleton<GatewayMetrics>();
            services.AddSingleton<IMcpUpstream>(upstream);
            services.AddGatewayMcp(options ?? new McpGatewayOptions());
        });

    /// <summary>Waits for the background pre-warm of <paramref name="id"/> (if one runs) to finish.</summary>
    public static Task PrewarmOf(this ConnectionsHarness host, string id) => host.Services.GetRequiredService<McpDiscoveryService>().PrewarmOf(id);
}
