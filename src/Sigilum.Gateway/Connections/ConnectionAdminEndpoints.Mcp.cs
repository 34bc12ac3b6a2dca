using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Mcp;

namespace Sigilum.Gateway.Connections;

/// <summary>The MCP part of the connection admin API (spec §3.1, §3.10): discover now, and pre-warm after a change.</summary>
internal static partial class ConnectionAdminEndpoints
{
    /// <summary>
    /// <c>POST /api/admin/connections/{id}/discover?refresh=force|auto</c> (default force): the stored <c>mcp_discovery</c>
    /// after the read, with <c>X-Sigilum-MCP-Discovery</c>; 400 for an http connection, 502/503 when the server cannot be asked.
    /// </summary>
    private static async Task<IResult> DiscoverAsync(HttpContext context, string id)
    {
        if (McpRefreshModes.Parse(context.Request.Query["refresh"], McpRefreshMode.Force) is not { } mode)
        {
            return Error(McpRefreshModes.Invalid);
        }
        var outcome = await context.RequestServices.GetRequiredService<McpDiscoveryService>().DiscoverAsync(id, mode, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Error(outcome.Error);
        }
        context.Response.Headers[McpDiscoverySource.Header] = outcome.Value.Source;
        return Json(context, McpDiscoveryView.From(outcome.Value.Discovery));
    }

    // Spec §3.10: an MCP connection created or edited without a discovery is discovered in the background, so the first
    // agent request (and the dashboard) finds its tools.
    private static void PrewarmIfUndiscovered(HttpContext context, ConnectionRecord connection)
    {
        if (connection.Protocol == ConnectionValues.ProtocolMcp && connection.McpDiscovery is null && connection.Status == ConnectionValues.StatusActive)
        {
            context.RequestServices.GetRequiredService<McpDiscoveryService>().Prewarm(connection.Id);
        }
    }
}
