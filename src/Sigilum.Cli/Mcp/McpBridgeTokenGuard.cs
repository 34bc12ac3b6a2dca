using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// Every request to the HTTP bridge carries <c>Authorization: Bearer &lt;token&gt;</c> (issue #1's "agent next door":
/// another local process, perhaps another user's, reaches 127.0.0.1 as easily as the MCP client does, and without a
/// secret it would call tools signed with this agent's key and ride on its approvals). Runs after the loopback guard,
/// so a browser's DNS-rebinding or cross-site request keeps its own 403 code. No header (or another scheme) is 401
/// <c>MCP_BRIDGE_TOKEN_REQUIRED</c>; a wrong token is 401 <c>MCP_BRIDGE_TOKEN_INVALID</c> and counts towards the
/// brake (<see cref="McpBridgeTokenFailures"/>), after which everything is 429 until the window passes. Both 401s
/// carry <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3).
/// </summary>
internal sealed class McpBridgeTokenGuard(McpBridgeToken token, McpBridgeTokenFailures failures)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (failures.RetryAfterSeconds() is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await McpBridgeLoopbackGuard.RefuseAsync(context, StatusCodes.Status429TooManyRequests, ErrorCatalogue.McpBridgeTokenRateLimited,
                "Too many wrong bearer tokens; no token is checked until Retry-After seconds have passed.");
            return;
        }
        var headers = context.Request.Headers.Authorization;
        var value = headers.Count == 1 ? headers[0] ?? "" : "";
        if (headers.Count == 0 || (headers.Count == 1 && !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await McpBridgeLoopbackGuard.RefuseAsync(context, StatusCodes.Status401Unauthorized, ErrorCatalogue.McpBridgeTokenRequired,
                "Send Authorization: Bearer <token>, the contents of the token file the bridge named on stderr (or of its --token-file).");
            return;
        }
        // Two Authorization headers are not a way to try two tokens at once: refused as wrong.
        if (headers.Count != 1 || !token.Matches(value.AsSpan(Scheme.Length).Trim()))
        {
            failures.RecordFailure();
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await McpBridgeLoopbackGuard.RefuseAsync(context, StatusCodes.Status401Unauthorized, ErrorCatalogue.McpBridgeTokenInvalid,
                "The bearer token is not this bridge's.");
            return;
        }
        await next(context);
    }
}
