namespace Sigilum.Vault.Http;

/// <summary>
/// <see cref="BufferedConnectionStream.BeforeWait"/>: the relay's cue to send what it holds for the agent. It must come
/// before every read that goes to the connection (or a stream would stall behind a held piece) and never for bytes
/// already buffered (or a response read in one go would be sent in pieces again).
/// </summary>
public sealed class BufferedConnectionStreamWaitTests
{
    [Fact]
    public async Task ReadAsync_BytesAlreadyBuffered_NoWaitCallback()
    {
        using var stream = new BufferedConnectionStream(new MemoryStream("HTTP/1.1 200 OK\r\n\r\nbody"u8.ToArray()));
        var calls = 0;
        Assert.NotNull(await stream.ReadHeadAsync(1024, isResponse: true, CancellationToken.None));
        stream.BeforeWait = _ => { calls++; return Task.CompletedTask; };

        var buffer = new byte[4];
        var n = await stream.ReadAsync(buffer);

        Assert.Equal(4, n);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task ReadAsync_NothingBuffered_WaitCallbackBeforeTheRead()
    {
        var source = new OrderRecordingStream("abc"u8.ToArray());
        using var stream = new BufferedConnectionStream(source);
        stream.BeforeWait = _ => { source.Events.Add("wait"); return Task.CompletedTask; };

        var n = await stream.ReadAsync(new byte[8]);

        Assert.Equal(3, n);
        Assert.Equal(["wait", "read"], source.Events);
    }

    [Fact]
    public async Task ReadLineAsync_LineIncomplete_WaitCallbackBeforeFetchingTheRest()
    {
        var source = new OrderRecordingStream("1e\r\n"u8.ToArray());
        using var stream = new BufferedConnectionStream(source);
        stream.BeforeWait = _ => { source.Events.Add("wait"); return Task.CompletedTask; };

        Assert.Equal("1e", await stream.ReadLineAsync(64, CancellationToken.None));

        Assert.Equal("wait", source.Events[0]);
        Assert.Equal("read", source.Events[1]);
    }

    [Fact]
    public async Task ReadAsync_CallbackCleared_NotCalled()
    {
        var source = new OrderRecordingStream("abc"u8.ToArray());
        using var stream = new BufferedConnectionStream(source);
        stream.BeforeWait = _ => { source.Events.Add("wait"); return Task.CompletedTask; };
        stream.BeforeWait = null;

        var n = await stream.ReadAsync(new byte[8]);

        Assert.Equal(3, n);
        Assert.Equal(["read"], source.Events);
    }

    /// <summary>Serves its bytes once, recording each read in the shared event list.</summary>
    private sealed class OrderRecordingStream(byte[] data) : Stream
    {
        private int _at;

        public List<string> Events { get; } = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Events.Add("read");
            var n = Math.Min(buffer.Length, data.Length - _at);
            data.AsSpan(_at, n).CopyTo(buffer.Span);
            _at += n;
            return ValueTask.FromResult(n);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
