using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Protocol.Errors;

namespace Sigilum.AspNetCore.Errors;

/// <summary>
/// The one exit for every error we write ourselves: RFC 9457 problem+json with <c>code</c> and
/// <c>request_id</c> members, the same code in a <c>Sigilum-Error-Code</c> header, and never exception
/// text.
/// </summary>
public static class ProblemResponses
{
    public const string ErrorCodeHeader = "Sigilum-Error-Code";

    /// <summary>Base of the documentation links in <c>type</c>.</summary>
    /// <remarks>A relative URI reference (RFC 9457 §3.1.1): hosts serve docs/errors.md at /docs/errors.</remarks>
    public const string DocsBase = "/docs/errors#";

    public static IResult Problem(HttpContext context, ApiError error, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.Headers[ErrorCodeHeader] = error.Code;
        var members = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["code"] = error.Code,
            ["request_id"] = RequestIdMiddleware.Get(context),
        };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                members[key] = value;
            }
        }
        return Results.Problem(
            detail: detail ?? error.Title,
            statusCode: error.Status,
            title: error.Title,
            type: DocsBase + ErrorEntry.AnchorOf(error.Code),
            extensions: members);
    }

    /// <summary>Writes a problem directly (middleware that runs before endpoints).</summary>
    public static Task WriteAsync(HttpContext context, ApiError error, string? detail = null) =>
        Problem(context, error, detail).ExecuteAsync(context);
}
