using System.Text.Json;
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
    /// <summary>The largest buffer sized up front: the host's request body limit (ControlPlaneHost).</summary>
    private const long MaxPresize = 2 * 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, null when empty, or an error result for malformed JSON.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        // Sized up front when the body is already in memory (a signed usage batch is ~100 KB): a MemoryStream left to grow
        // doubles its way there, copying at every step and allocating each step past 85 KB on the large-object heap.
        using var buffer = new MemoryStream(ExpectedLength(context.Request));
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

    /// <summary>
    /// What is left of a body already held in memory (signed requests: the signature check buffered it to digest it),
    /// else 0. A declared Content-Length alone is not trusted for sizing: a client could make every request reserve
    /// the whole limit before sending a byte.
    /// </summary>
    private static int ExpectedLength(HttpRequest request) =>
        request.Body.CanSeek ? (int)Math.Clamp(request.Body.Length - request.Body.Position, 0, MaxPresize) : 0;
}
