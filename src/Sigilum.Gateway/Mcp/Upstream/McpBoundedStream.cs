namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// A response body read through a limit (spec §3.10: 2 MiB). The SDK reads JSON bodies whole and SSE bodies event
/// by event without a limit of its own; behind this stream nothing past the limit is ever buffered: the read that
/// would cross it throws and <paramref name="onExceeded"/> records why. For a long-lived event stream (the SSE
/// transport's GET) the limit applies to each event, counted from the last blank line, instead of the whole body.
/// </summary>
internal sealed class McpBoundedStream(Stream inner, long limit, bool perEvent, Action onExceeded) : Stream
{
    private long _count;
    private int _newlines;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count), buffer.AsSpan(offset));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Count(read, buffer);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), buffer.AsSpan(offset));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Count(read, buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private void Exceeded()
    {
        onExceeded();
        throw new IOException($"The MCP server's response exceeded the limit of {limit} bytes.");
    }

    private int Count(int read, ReadOnlySpan<byte> data)
    {
        if (!perEvent)
        {
            _count += read;
        }
        else
        {
            // An SSE event ends at a blank line. CRs are ignored, so LF LF and CR LF CR LF both end one; a server using
            // bare CRs never resets the count, which only makes the limit stricter (the whole body).
            foreach (var b in data[..read])
            {
                if (b == (byte)'\n')
                {
                    if (++_newlines >= 2)
                    {
                        _count = 0;
                        _newlines = 0;
                        continue;
                    }
                }
                else if (b != (byte)'\r')
                {
                    _newlines = 0;
                }
                if (++_count > limit)
                {
                    Exceeded();
                }
            }
        }
        if (_count > limit)
        {
            Exceeded();
        }
        return read;
    }
}
