using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sigilum.AspNetCore.RequestIds;

/// <summary>
/// Echoes a caller's <c>X-Request-ID</c> when it is short visible ASCII (so it cannot inject into logs),
/// otherwise generates one, and exposes it to every error and log line of the request.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-ID";
    private const int MaxLength = 128;
    private static readonly object ItemKey = new();

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        context.Items[ItemKey] = id;
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        return next(context);
    }

    /// <summary>The request id of <paramref name="context"/>.</summary>
    public static string Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var id) && id is string s ? s : context.TraceIdentifier;
    }

    private static bool IsAcceptable(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }
        return true;
    }
}
