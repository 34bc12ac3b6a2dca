namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// The agent's body as the forwarder reads it: counted, and stopped the moment it passes the limit, so an
/// unannounced (chunked) or lying length never sends more than <c>MaxRequestBodyBytes</c> upstream. It sits in
/// front of <c>HttpRequest.Body</c> because YARP copies the body from there; the bytes over the limit are never
/// handed on.
/// </summary>
internal sealed class LimitedRequestBody(Stream inner, long maxBytes) : Stream
{
    private long _total;

    /// <summary>Set when the limit stopped the copy, so the forwarder answers 413 rather than 502.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override void Flush()
    {
        // Read-only: nothing to flush.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _total += read;
        if (_total > maxBytes)
        {
            LimitExceeded = true;
            throw new RequestBodyTooLargeException();
        }
        return read;
    }
}
