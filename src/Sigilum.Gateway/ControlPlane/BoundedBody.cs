namespace Sigilum.Gateway.ControlPlane;

/// <summary>Reads at most a fixed number of bytes of a control-plane response, so a misbehaving server cannot exhaust memory.</summary>
internal static class BoundedBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (then it is not parsed at all).</summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
            return total > maxBytes ? null : buffer.AsSpan(0, total).ToArray();
        }
    }
}
