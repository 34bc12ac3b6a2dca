using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Reads a JSON request body inside the endpoint rather than through parameter binding, so
/// authentication always runs first (binding rejects a content type with 415 while routing, before any
/// middleware) and malformed JSON gets our INVALID_JSON problem instead of an empty 400.
/// </summary>
internal static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>, null when empty, or an error result for malformed JSON.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return (null, null);
        }
        try
        {
            return (JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options), null);
        }
        catch (JsonException)
        {
            return (null, ProblemResponses.Problem(context, ApiErrors.InvalidJson));
        }
    }
}
