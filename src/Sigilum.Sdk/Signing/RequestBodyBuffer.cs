namespace Sigilum.Sdk.Signing;

/// <summary>
/// Reads a request body into memory, up to a limit, so it can be digested and then sent byte for byte:
/// the digest must cover exactly what goes on the wire, so streaming content is materialised once.
/// </summary>
internal static class RequestBodyBuffer
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        using var source = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A replacement for <paramref name="original"/> holding <paramref name="body"/> with the same content headers.</summary>
    public static ByteArrayContent Replace(HttpContent original, byte[] body)
    {
        var replacement = new ByteArrayContent(body);
        foreach (var header in original.Headers)
        {
            // Content-Length is recomputed from the buffered bytes.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return replacement;
    }

    private static InvalidOperationException TooLarge(int maxBytes) => new(
        $"The request body is larger than SigilumSigningOptions.MaxBodyBytes ({maxBytes} bytes). " +
        "Sigilum signs a digest of the whole body, so it is buffered; raise the limit or send a smaller body.");
}
