using System.Net;
using Microsoft.AspNetCore.Http;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// The HTTP bridge answers only requests addressed to this listener by a loopback name and its port, and from browsers
/// only loopback origins (the MCP transport spec's "servers MUST validate the Origin header"; reliability ADM-02 and
/// ADM-03 for the same threat on the admin API): a web page the user visits can otherwise reach 127.0.0.1 through DNS
/// rebinding or a cross-site request and call tools as the agent. Both refusals are 403 with their own code. Local
/// processes that are not browsers are the bearer token's job (<see cref="McpBridgeTokenGuard"/>), checked after these two.
/// </summary>
internal static class McpBridgeLoopbackGuard
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var host = context.Request.Host;
        if (!IsLoopbackName(host.Host) || host.Port != context.Connection.LocalPort)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCatalogue.McpBridgeHostRefused, "The Host header must name this loopback listener (127.0.0.1 or localhost, and its port).");
            return;
        }
        var origin = context.Request.Headers.Origin.ToString();
        // A browser that omits Origin still says where the request comes from in Sec-Fetch-Site.
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if ((origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && IsLoopbackName(url.Host))) ||
            site is "cross-site" or "same-site")
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, ErrorCatalogue.McpBridgeOriginRefused, "Requests from web pages are served only from loopback origins.");
            return;
        }
        await next(context);
    }

    /// <summary>127.0.0.1 (any loopback literal) or localhost; never a name that DNS could point anywhere later.</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The bridge's refusal: the status, <c>X-Sigilum-Code</c> and <c>{error, code}</c> (shared with the token guard).</summary>
    public static async Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["X-Sigilum-Code"] = code;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["error"] = message, ["code"] = code }, context.RequestAborted);
    }
}
