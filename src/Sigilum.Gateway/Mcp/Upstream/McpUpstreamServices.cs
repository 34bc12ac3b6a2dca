using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Registers the gateway's MCP client as <see cref="IMcpUpstream"/> (singleton). Its sockets come from
/// <see cref="HttpForwarder.CreateHandler"/> with the host's <see cref="ForwardingOptions"/> when registered — the same
/// outbound rules as forwarded HTTP: connect timeout, private-CA certificate validation, no proxy, no redirects, no
/// cookies, no decompression, injected headers written from their bytes. One handler is shared by every session, so
/// connections are pooled; it is not an <c>IHttpClientFactory</c> client, whose logging handler would write request
/// URIs (with a query credential) to the log. The host registers <see cref="TimeProvider"/>.
/// </summary>
internal static class McpUpstreamServices
{
    public static IServiceCollection AddMcpUpstream(this IServiceCollection services, McpUpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new McpUpstreamClient(
            options,
            HttpForwarder.CreateHandler(sp.GetService<ForwardingOptions>() ?? new ForwardingOptions()),
            ownsSockets: true,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<McpUpstreamClient>>()));
        services.AddSingleton<IMcpUpstream>(sp => sp.GetRequiredService<McpUpstreamClient>());
        return services;
    }
}
