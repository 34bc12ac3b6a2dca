using System.Net;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Streams the agent's body upstream without buffering it, counting bytes so an unannounced or lying
/// length is stopped as soon as it passes the limit.
/// </summary>
internal sealed class StreamingRequestContent(Stream source, long maxBytes, CancellationToken clientAborted) : HttpContent
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>Set when the limit stopped the copy, so the engine can answer 413 rather than 502.</summary>
    public bool LimitExceeded { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientAborted);
        var buffer = new byte[ChunkSize];
        long total = 0;
        while (true)
        {
            var read = await source.ReadAsync(buffer, linked.Token);
            if (read == 0)
            {
                return;
            }
            total += read;
            if (total > maxBytes)
            {
                LimitExceeded = true;
                throw new RequestBodyTooLargeException();
            }
            await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token);
            // Flush per chunk so a slow agent's body reaches the upstream as it arrives.
            await stream.FlushAsync(linked.Token);
        }
    }

    // Unknown length: the framing (chunked, or the agent's Content-Length copied by the engine) is decided by headers.
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
