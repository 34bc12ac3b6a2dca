using System.Buffers;
using System.Globalization;

namespace Sigilum.Vault.Http;

/// <summary>
/// Reads a body in its framing and hands each decoded piece to a sink; chunk sizes are bounded
/// hex (no overflow, PRX-09), trailers are read (bounded) and dropped. The read token
/// is asked for before each read, so an idle timeout applies to each read on its own.
/// </summary>
internal static class BodyReader
{
    private const int MaxChunkLine = 4096;
    private const int MaxTrailerBytes = 16 * 1024;

    public static async Task<long> CopyAsync(
        BufferedConnectionStream source, BodyFraming framing, Func<ReadOnlyMemory<byte>, Task> sink, long maxBytes,
        Func<CancellationToken> readToken, string truncatedCode)
    {
        // Pooled, not 16 KiB of garbage per request (issue 13); cleared on return, as the bytes may hold an echoed credential.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            return await CopyAsync(source, framing, sink, maxBytes, readToken, truncatedCode, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static async Task<long> CopyAsync(
        BufferedConnectionStream source, BodyFraming framing, Func<ReadOnlyMemory<byte>, Task> sink, long maxBytes,
        Func<CancellationToken> readToken, string truncatedCode, byte[] buffer)
    {
        long total = 0;
        switch (framing.Kind)
        {
            case BodyKind.None:
                return 0;
            case BodyKind.Length:
                if (framing.Length > maxBytes)
                {
                    throw new HttpMessageException("body_too_large", "The body is larger than allowed.");
                }
                while (total < framing.Length)
                {
                    var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, framing.Length - total)), readToken());
                    if (n == 0)
                    {
                        throw new HttpMessageException(truncatedCode, "The connection closed before the body ended.");
                    }
                    total += n;
                    await sink(buffer.AsMemory(0, n));
                }
                return total;
            case BodyKind.UntilClose:
                while (true)
                {
                    var n = await source.ReadAsync(buffer, readToken());
                    if (n == 0)
                    {
                        return total;
                    }
                    total += n;
                    if (total > maxBytes)
                    {
                        throw new HttpMessageException("body_too_large", "The body is larger than allowed.");
                    }
                    await sink(buffer.AsMemory(0, n));
                }
            default:
                while (true)
                {
                    var line = await source.ReadLineAsync(MaxChunkLine, readToken());
                    var size = ParseChunkSize(line);
                    if (size == 0)
                    {
                        var trailerBytes = 0;
                        while (true)
                        {
                            var trailer = await source.ReadLineAsync(MaxChunkLine, readToken());
                            if (trailer.Length == 0)
                            {
                                return total;
                            }
                            trailerBytes += trailer.Length;
                            if (trailerBytes > MaxTrailerBytes)
                            {
                                throw new HttpMessageException("bad_framing", "Trailers are too large.");
                            }
                        }
                    }
                    if (total + size > maxBytes)
                    {
                        throw new HttpMessageException("body_too_large", "The body is larger than allowed.");
                    }
                    var remaining = size;
                    while (remaining > 0)
                    {
                        var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), readToken());
                        if (n == 0)
                        {
                            throw new HttpMessageException(truncatedCode, "The connection closed inside a chunk.");
                        }
                        remaining -= n;
                        total += n;
                        await sink(buffer.AsMemory(0, n));
                    }
                    await source.ExpectCrlfAsync(readToken());
                }
        }
    }

    /// <summary>1*HEXDIG, at most 15 digits (no overflow), then optional <c>;ext</c>; no whitespace before the size.</summary>
    private static long ParseChunkSize(string line)
    {
        var end = line.IndexOf(';', StringComparison.Ordinal);
        var digits = (end < 0 ? line : line[..end]).TrimEnd(' ', '\t');
        if (digits.Length == 0 || digits.Length > 15 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new HttpMessageException("bad_framing", "Invalid chunk size.");
        }
        return long.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
