using System.Text;

namespace Sigilum.Vault.Http;

/// <summary>
/// A read buffer over a connection: message heads and chunk-size lines are parsed from the buffer
/// with hard size limits, and bytes read past a head (a pipelined body, a TLS ClientHello sent
/// right after CONNECT) are served to the next reader instead of being lost.
/// </summary>
internal sealed class BufferedConnectionStream(Stream inner, int bufferSize = 16 * 1024) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private int _lastHead;

    public Stream Inner => inner;

    /// <summary>Bytes read from the connection but not yet consumed (a pooled connection must have none).</summary>
    public int Buffered => _end - _start;

    /// <summary>Bytes received from the connection so far: tells "the peer answered nothing" from a partial answer.</summary>
    public long Received { get; private set; }

    /// <summary>
    /// Called before a read that has to wait on the connection (nothing buffered, or not enough): the relay sends what
    /// it holds for the agent then, and only then, so bytes that arrived together leave together and nothing waits
    /// behind a read that may take a while. Null: nothing is called.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeWait { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Reads one head (start line + fields + empty line). Null on a clean end of stream before any
    /// byte. Refuses heads over <paramref name="maxBytes"/>, bare CR or LF, NUL, obs-fold and
    /// malformed fields (PRX-08).
    /// </summary>
    public async Task<HttpHead?> ReadHeadAsync(int maxBytes, bool isResponse, CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var at = available[Math.Max(0, searched - 3)..].IndexOf("\r\n\r\n"u8);
            if (at >= 0)
            {
                var length = Math.Max(0, searched - 3) + at + 4;
                if (length > maxBytes)
                {
                    throw new HttpMessageException("header_too_large", $"The message head exceeds {maxBytes} bytes.");
                }
                var head = Encoding.Latin1.GetString(available[..length]);
                _start += length;
                _lastHead = length;
                return HttpHeadParser.Parse(head, isResponse);
            }
            searched = available.Length;
            if (available.Length >= Math.Min(maxBytes, _buffer.Length))
            {
                throw new HttpMessageException("header_too_large", $"The message head exceeds {maxBytes} bytes.");
            }
            if (!await FillAsync(cancellationToken))
            {
                if (_end == _start)
                {
                    return null;
                }
                throw new HttpMessageException("truncated_head", "The connection closed inside a message head.");
            }
        }
    }

    /// <summary>
    /// Puts the head just read back in front of the buffered bytes (they are still in the buffer: nothing was read
    /// since), so the next reader sees the whole request: a plain-HTTP request is admitted from its head, then served
    /// by Kestrel from its first byte.
    /// </summary>
    public void UnreadHead()
    {
        _start -= _lastHead;
        _lastHead = 0;
    }

    /// <summary>Reads one CRLF-terminated line (chunk size, trailer) of at most <paramref name="maxBytes"/>.</summary>
    public async Task<string> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var at = available.IndexOf((byte)'\n');
            if (at >= 0)
            {
                if (at == 0 || available[at - 1] != '\r' || available[..(at - 1)].IndexOfAny((byte)'\r', (byte)0) >= 0)
                {
                    throw new HttpMessageException("bad_framing", "A line is not terminated by CRLF.");
                }
                var line = Encoding.Latin1.GetString(available[..(at - 1)]);
                _start += at + 1;
                return line;
            }
            if (available.Length >= Math.Min(maxBytes, _buffer.Length))
            {
                throw new HttpMessageException("bad_framing", "A chunk line is too long.");
            }
            if (!await FillAsync(cancellationToken))
            {
                throw new HttpMessageException("truncated_body", "The connection closed inside a chunked body.");
            }
        }
    }

    /// <summary>Reads the CRLF that ends chunk data and checks it.</summary>
    public async Task ExpectCrlfAsync(CancellationToken cancellationToken)
    {
        while (_end - _start < 2)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new HttpMessageException("truncated_body", "The connection closed inside a chunked body.");
            }
        }
        if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
        {
            throw new HttpMessageException("bad_framing", "Chunk data is not followed by CRLF.");
        }
        _start += 2;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_end > _start)
        {
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination.Span);
            _start += n;
            return n;
        }
        if (BeforeWait is { } beforeWait)
        {
            await beforeWait(cancellationToken);
        }
        var read = await inner.ReadAsync(destination, cancellationToken);
        Received += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) => inner.WriteAsync(source, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            return true;
        }
        if (BeforeWait is { } beforeWait)
        {
            await beforeWait(cancellationToken);
        }
        var n = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += n;
        Received += n;
        return n > 0;
    }
}
