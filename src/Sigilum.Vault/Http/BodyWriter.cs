using System.Globalization;
using System.Text;

namespace Sigilum.Vault.Http;

/// <summary>Writes one piece of an HTTP/1.1 body, as a chunk (RFC 9112 §7.1) or as is.</summary>
internal static class BodyWriter
{
    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> chunk, bool chunked, CancellationToken cancellationToken)
    {
        if (chunked)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await stream.WriteAsync(chunk, cancellationToken);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }
        else
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }
}
