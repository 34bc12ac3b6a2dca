using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// Registers the gateway's MCP feature: discovery cache, operator discovery and pre-warm, tool policy, rate limit and the
/// agent routes' pipeline. The <see cref="IMcpUpstream"/> implementation is registered separately (the upstream client's
/// own registration), as are the connections feature and operations (metrics, decision log) this builds on.
/// </summary>
internal static class McpServices
{
    public static IServiceCollection AddGatewayMcp(this IServiceCollection services, McpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<McpDiscoveryCache>();
        services.AddSingleton<McpDiscoveryService>();
        services.AddSingleton<McpToolCallLimiter>();
        services.AddSingleton<McpPipeline>();
        return services;
    }
}
