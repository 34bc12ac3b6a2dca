using System.Text;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// How <see cref="Http11Exchange"/> writes a response: a head held back goes out with the body in one
/// write (one TLS record on a tunnel); a head sent at once goes alone; the chunk framing is intact.
/// </summary>
public sealed class Http11ExchangeTests
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> Fields = [new("Content-Type", "application/json")];

    private static Http11Exchange Exchange(RecordingStream sink, string request = "GET /x HTTP/1.1\r\nHost: a.example\r\n\r\n")
    {
        var head = HttpHeadParser.Parse(request, isResponse: false);
        return new Http11Exchange(new BufferedConnectionStream(sink), head, head.Target);
    }

    [Fact]
    public async Task Respond_HeadHeldBack_HeadBodyAndLastChunkInOneWrite()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(200, "OK", Fields, hasBody: true, sendNow: false, CancellationToken.None);
        await exchange.WriteBodyAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await exchange.EndResponseAsync("{\"a\":1}"u8.ToArray(), CancellationToken.None);

        var write = Assert.Single(sink.Writes);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n", write);
        Assert.True(exchange.KeepAlive);
    }

    [Fact]
    public async Task Respond_HeadSentNow_HeadAloneThenEachFlushedChunk()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(200, "OK", Fields, hasBody: true, sendNow: true, CancellationToken.None);
        await exchange.WriteBodyAsync("data: 0\n\n"u8.ToArray(), CancellationToken.None);
        await exchange.FlushBodyAsync(CancellationToken.None);
        await exchange.EndResponseAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(3, sink.Writes.Count);
        Assert.EndsWith("Transfer-Encoding: chunked\r\n\r\n", sink.Writes[0], StringComparison.Ordinal);
        Assert.Equal("9\r\ndata: 0\n\n\r\n", sink.Writes[1]);
        Assert.Equal("0\r\n\r\n", sink.Writes[2]);
        Assert.True(sink.Flushes >= 2);
    }

    [Fact]
    public async Task WriteBody_NotFlushed_HeldAndSentWithTheEndInOneWrite()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(200, "OK", [], hasBody: true, sendNow: false, CancellationToken.None);
        await exchange.WriteBodyAsync("ab"u8.ToArray(), CancellationToken.None);
        await exchange.WriteBodyAsync("cde"u8.ToArray(), CancellationToken.None);
        Assert.Empty(sink.Writes);
        await exchange.EndResponseAsync("f"u8.ToArray(), CancellationToken.None);

        Assert.Equal("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n1\r\nf\r\n0\r\n\r\n", Assert.Single(sink.Writes));
    }

    [Fact]
    public async Task WriteBody_CallerReusesItsBuffer_HeldBytesAreACopy()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);
        var buffer = "xy"u8.ToArray();

        await exchange.StartResponseAsync(200, "OK", [], hasBody: true, sendNow: false, CancellationToken.None);
        await exchange.WriteBodyAsync(buffer, CancellationToken.None);
        buffer[0] = (byte)'Q';
        await exchange.FlushBodyAsync(CancellationToken.None);

        Assert.EndsWith("\r\n\r\n2\r\nxy\r\n", Assert.Single(sink.Writes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Respond_ReasonAndValuesOutsideAscii_WrittenAsLatin1()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(404, "Nicht gefunden \u00e9", [new("X-Note", "caf\u00e9")], hasBody: false, sendNow: false, CancellationToken.None);
        await exchange.EndResponseAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal("HTTP/1.1 404 Nicht gefunden \u00e9\r\nX-Note: caf\u00e9\r\nContent-Length: 0\r\n\r\n", Assert.Single(sink.Writes));
    }

    [Fact]
    public async Task AbortResponse_HeldBytes_NeverWritten()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(200, "OK", [], hasBody: true, sendNow: false, CancellationToken.None);
        await exchange.WriteBodyAsync("partial"u8.ToArray(), CancellationToken.None);
        exchange.AbortResponse();
        await exchange.FlushBodyAsync(CancellationToken.None);

        Assert.Empty(sink.Writes);
        Assert.False(exchange.KeepAlive);
    }

    [Fact]
    public async Task Respond_NoBody_HeadWithZeroLengthInOneWrite()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink);

        await exchange.StartResponseAsync(204, "No Content", [], hasBody: false, sendNow: false, CancellationToken.None);
        await exchange.EndResponseAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Assert.Single(sink.Writes));
    }

    [Fact]
    public async Task Respond_Http10Client_BodyUnframedAndClosed()
    {
        var sink = new RecordingStream();
        var exchange = Exchange(sink, "GET /x HTTP/1.0\r\nHost: a.example\r\n\r\n");

        await exchange.StartResponseAsync(200, "OK", [], hasBody: true, sendNow: false, CancellationToken.None);
        await exchange.EndResponseAsync("plain"u8.ToArray(), CancellationToken.None);

        Assert.Equal("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nplain", Assert.Single(sink.Writes));
        Assert.False(exchange.KeepAlive);
    }

    /// <summary>Records each write as Latin-1 text and counts flushes.</summary>
    private sealed class RecordingStream : Stream
    {
        public List<string> Writes { get; } = [];

        public int Flushes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(Encoding.Latin1.GetString(buffer.Span));
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(Encoding.Latin1.GetString(buffer, offset, count));

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override void Flush() => Flushes++;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
