using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The agent-facing MCP routes (spec §3.1, §3.10): <c>GET /mcp/{id}/tools</c>, <c>GET /mcp/{id}/tools/{tool}/explain</c>,
/// <c>POST /mcp/{id}/tools/{tool}/call</c>. Any method reaches the pipeline (which answers 405 in the gateway's envelope);
/// any other path under <c>/mcp/</c> is 404 <c>NOT_FOUND</c>. No CORS: browsers have no business here.
/// </summary>
internal static class McpEndpoints
{
    private static readonly GatewayError UnknownAction = new(StatusCodes.Status404NotFound, ErrorCatalogue.NotFound,
        "Unknown MCP route: use GET /mcp/<id>/tools, GET /mcp/<id>/tools/<tool>/explain or POST /mcp/<id>/tools/<tool>/call.");

    /// <summary>Whether a path is on the MCP routes (for the in-flight gauge).</summary>
    public static bool IsMcpPath(PathString path) => path.StartsWithSegments("/mcp", StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/mcp/{id}/tools", (HttpContext context) => Pipeline(context).HandleAsync(context, McpAction.List));
        app.Map("/mcp/{id}/tools/{tool}/explain", (HttpContext context) => Pipeline(context).HandleAsync(context, McpAction.Explain));
        app.Map("/mcp/{id}/tools/{tool}/call", (HttpContext context) => Pipeline(context).HandleAsync(context, McpAction.Call));
        app.Map("/mcp/{**rest}", (HttpContext context) => GatewayErrorResponse.WriteAsync(context, UnknownAction));
    }

    private static McpPipeline Pipeline(HttpContext context) => context.RequestServices.GetRequiredService<McpPipeline>();
}
