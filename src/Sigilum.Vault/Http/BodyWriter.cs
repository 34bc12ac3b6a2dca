using System.Buffers;
using System.Buffers.Text;

namespace Sigilum.Vault.Http;

/// <summary>Writes one piece of an HTTP/1.1 body, as a chunk (RFC 9112 §7.1) or as is.</summary>
internal static class BodyWriter
{
    /// <summary>The largest chunk-size line and CRLF around a chunk: 16 hex digits, CRLF, CRLF.</summary>
    private const int FramingBytes = 20;

    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> chunk, bool chunked, CancellationToken cancellationToken)
    {
        if (!chunked)
        {
            await stream.WriteAsync(chunk, cancellationToken);
            return;
        }
        // One write per chunk: over TLS every write is a record (and a send), so size line, data and CRLF go together.
        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Length + FramingBytes);
        try
        {
            var length = AppendChunk(buffer, 0, chunk.Span);
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends <paramref name="chunk"/> framed as one chunk at <paramref name="at"/>; returns the new end. Empty data appends nothing.</summary>
    public static int AppendChunk(byte[] buffer, int at, ReadOnlySpan<byte> chunk)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (chunk.IsEmpty)
        {
            return at;
        }
        Utf8Formatter.TryFormat(chunk.Length, buffer.AsSpan(at), out var digits, new StandardFormat('X'));
        at += digits;
        "\r\n"u8.CopyTo(buffer.AsSpan(at));
        at += 2;
        chunk.CopyTo(buffer.AsSpan(at));
        at += chunk.Length;
        "\r\n"u8.CopyTo(buffer.AsSpan(at));
        return at + 2;
    }
}
