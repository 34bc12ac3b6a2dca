using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.AspNetCore.RequestIds;

namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// The one exit for gateway JSON errors, in Sigilum's envelope (spec §3.2) so agents written against
/// Sigilum's gateway parse ours unchanged: <c>{error, code, request_id, timestamp, docs_url}</c>, the code
/// repeated in <c>X-Sigilum-Code</c>. Never carries exception text.
/// </summary>
internal static class GatewayErrorResponse
{
    public const string CodeHeader = "X-Sigilum-Code";

    /// <summary>Where each code is explained (anchors of docs/errors.md).</summary>
    public const string DocsBase = "docs/errors.md#";

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var time = context.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System;
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (error.Code is not null)
        {
            context.Response.Headers[CodeHeader] = error.Code;
        }
        var body = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["error"] = error.Message,
        };
        if (error.Code is not null)
        {
            body["code"] = error.Code;
        }
        body["request_id"] = RequestIdMiddleware.Get(context);
        body["timestamp"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        body["docs_url"] = DocsUrl(error);
        await JsonSerializer.SerializeAsync(context.Response.Body, body, GatewayJson.Options, context.RequestAborted);
    }

    /// <summary>The documentation link for an error: the code's own anchor, else the status family's.</summary>
    public static string DocsUrl(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is { } code
            ? DocsBase + ErrorEntry.AnchorOf(code)
            : DocsBase + "gateway-status-" + error.Status.ToString(CultureInfo.InvariantCulture);
    }
}
