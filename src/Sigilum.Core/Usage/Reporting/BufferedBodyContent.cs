using System.Net;

namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// A request body already in memory that a signing handler (the gateway's <c>SignedControlPlaneHandler</c>) signs and sends as it is: the handler
/// digests <see cref="Body"/> directly instead of reading the content into a new array and wrapping that in a second
/// content. The usage batch (up to 768 KiB, ADR 0029) is the caller that matters: without this, every batch was copied
/// once more into a fresh large-object-heap array (issue #13, third pass).
/// </summary>
/// <param name="body">The bytes to send; the caller keeps them unchanged until the send completes.</param>
public sealed class BufferedBodyContent(ReadOnlyMemory<byte> body) : HttpContent
{
    /// <summary>The bytes sent.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Body, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = Body.Length;
        return true;
    }

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(Body.ToArray(), writable: false));
}
