using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.AspNetCore.Authentication;

/// <summary>Reads the whole body up to a limit so it can be digested and then read again by the endpoint.</summary>
public static class RequestBodyBuffer
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The body bytes, or null when it exceeds <paramref name="limit"/>.</summary>
    /// <remarks>
    /// Allocates only what the body needs (issue #13: this ran on every proxied request and allocated a 16 KiB chunk and
    /// a growing stream even for a GET): nothing for a request without a body, one array of the declared length when
    /// <c>Content-Length</c> is known, and a pooled chunk only for a body of unknown length.
    /// </remarks>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var declared = request.ContentLength;
        if (declared > limit)
        {
            return null;
        }
        if (declared == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            // Nothing can follow the headers; the server's body stream stays as it is (empty).
            return [];
        }
        byte[] bytes;
        if (declared is { } length)
        {
            // The server enforces the declared length: fewer bytes fail the read, more are never delivered.
            bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, cancellationToken);
        }
        else if (await ReadUnframedAsync(request.Body, limit, cancellationToken) is { } read)
        {
            bytes = read;
        }
        else
        {
            return null;
        }
        request.Body = new MemoryStream(bytes, writable: false);
        return bytes;
    }

    private static async Task<byte[]?> ReadUnframedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
        }
    }
}
