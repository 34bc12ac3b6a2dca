using System.Text;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Claims;

/// <summary>Writes the markdown 403 <c>AUTH_CLAIM_REQUIRED</c> (spec §3.2): the one gateway error that is not JSON.</summary>
internal static class ClaimRequiredResponse
{
    public const string ContentType = "text/markdown; charset=utf-8";

    public static async Task WriteAsync(HttpContext context, ClaimRequiredContext claim)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(claim);
        var body = Encoding.UTF8.GetBytes(ClaimRequiredPage.Render(claim));
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = body.Length;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers[GatewayErrorResponse.CodeHeader] = ErrorCatalogue.AuthClaimRequired;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
