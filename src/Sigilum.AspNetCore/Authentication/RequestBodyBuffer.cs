using Microsoft.AspNetCore.Http;

namespace Sigilum.AspNetCore.Authentication;

/// <summary>Reads the whole body up to a limit so it can be digested and then read again by the endpoint.</summary>
public static class RequestBodyBuffer
{
    /// <summary>The body bytes, or null when it exceeds <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        request.Body = new MemoryStream(bytes, writable: false);
        return bytes;
    }
}
