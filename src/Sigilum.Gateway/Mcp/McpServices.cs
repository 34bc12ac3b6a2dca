using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Mcp.Upstream;

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

    /// <summary>The gateway host's MCP: this feature plus the upstream client configured from the same options.</summary>
    public static IServiceCollection AddGatewayMcpWithUpstream(this IServiceCollection services, McpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddGatewayMcp(options);
        return services.AddMcpUpstream(new McpUpstreamOptions
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            CircuitBreakerFailures = options.CircuitBreakerFailures,
            CircuitBreakerCooldown = TimeSpan.FromSeconds(options.CircuitBreakerCooldownSeconds),
        });
    }
}
