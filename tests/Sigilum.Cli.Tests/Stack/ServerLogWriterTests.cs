using System.Text;

namespace Sigilum.Cli.Stack;

/// <summary>The server log's batched writer (issue #13): whole lines, in order, none lost, many lines per write.</summary>
public sealed class ServerLogWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void WriteLine_LinesQueuedWhileAWriteIsInProgress_OneWriteCarriesThemAll()
    {
        using var stream = new GatedStream();
        using var target = new Utf8StringWriter();
        var writer = new ServerLogWriter(target, stream);
        writer.WriteLine("first");
        Assert.True(stream.Entered.Wait(Patience));

        for (var i = 0; i < 100; i++)
        {
            writer.WriteLine($"line {i}");
        }
        stream.Release();
        writer.Dispose();

        Assert.Equal(2, stream.Writes);
        var expected = "first\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i}\n"));
        Assert.Equal(expected, stream.Text);
        // Nothing went through the text writer: the bytes path wrote it all.
        Assert.Empty(target.ToString());
    }

    [Fact]
    public async Task WriteLine_QueueFull_CallerWaitsForRoomAndNothingIsLost()
    {
        using var stream = new GatedStream();
        using var target = new Utf8StringWriter();
        var writer = new ServerLogWriter(target, stream, queueCapacity: 4);
        writer.WriteLine("first");
        Assert.True(stream.Entered.Wait(Patience));

        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                writer.WriteLine($"line {i}");
            }
        });
        // Four lines fit; the fifth waits for the writer to take the queue.
        Assert.True(SpinWait.SpinUntil(() => writer.CallersWaiting == 1, Patience));
        Assert.False(producer.IsCompleted);

        stream.Release();
        await producer.WaitAsync(Patience);
        writer.Dispose();

        var expected = "first\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"line {i}\n"));
        Assert.Equal(expected, stream.Text);
    }

    [Fact]
    public void Dispose_LinesStillQueued_WritesEveryOneBeforeReturning()
    {
        using var stream = new GatedStream();
        using var target = new Utf8StringWriter();
        var writer = new ServerLogWriter(target, stream);
        writer.WriteLine("first");
        Assert.True(stream.Entered.Wait(Patience));
        for (var i = 0; i < 500; i++)
        {
            writer.WriteLine($"line {i}");
        }

        stream.Release();
        writer.Dispose();

        Assert.Equal(501, stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("line 499\n", stream.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLine_AfterDispose_WrittenAtOnceThroughTheTarget()
    {
        using var target = new StringWriter { NewLine = "\n" };
        var writer = new ServerLogWriter(target);
        writer.WriteLine("before");
        writer.Dispose();

        writer.WriteLine("after");

        Assert.Equal("before\nafter\n", target.ToString());
    }

    [Fact]
    public async Task WriteLine_ManyThreads_EveryLineWholeAndEachThreadsLinesInOrder()
    {
        using var target = new StringWriter { NewLine = "\n" };
        var writer = new ServerLogWriter(target, queueCapacity: 64);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < 2_000; i++)
            {
                writer.WriteLine($"thread {t} line {i} " + new string('x', 300));
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(threads).WaitAsync(Patience);
        writer.Dispose();

        var lines = target.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        var next = new int[8];
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            Assert.Equal(5, parts.Length);
            Assert.Equal(300, parts[4].Length);
            var thread = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[thread]++, int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void WriteLine_StreamFailsOnce_LaterLinesStillWritten()
    {
        using var stream = new GatedStream { FailNextWrite = true };
        stream.Release();
        using var target = new Utf8StringWriter();
        var writer = new ServerLogWriter(target, stream);

        writer.WriteLine("lost with the failed write");
        Assert.True(SpinWait.SpinUntil(() => !stream.FailNextWrite, Patience));
        writer.WriteLine("written");
        writer.Dispose();

        Assert.Equal("written\n", stream.Text);
    }

    [Fact]
    public void WriteLine_BytesPath_EncodesInTheTargetsEncoding()
    {
        using var stream = new GatedStream();
        stream.Release();
        using var target = new StringWriter { NewLine = "\n" };
        var writer = new ServerLogWriter(target, stream);

        writer.WriteLine("naïve — ✓");
        writer.Dispose();

        // StringWriter reports UTF-16; the bytes decode back to the same line.
        Assert.Equal("naïve — ✓\n", target.Encoding.GetString(stream.Bytes));
    }

    /// <summary>The process's stderr writer encodes UTF-8; a StringWriter reports UTF-16.</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() => NewLine = "\n";

        public override Encoding Encoding => Encoding.UTF8;
    }

    /// <summary>A stream whose writes wait for <see cref="Release"/> and are counted.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly ManualResetEventSlim _open = new();
        private readonly MemoryStream _written = new();
        private int _writes;
        private volatile bool _failNextWrite;

        public ManualResetEventSlim Entered { get; } = new();

        public bool FailNextWrite
        {
            get => _failNextWrite;
            set => _failNextWrite = value;
        }

        public int Writes => Volatile.Read(ref _writes);

        public byte[] Bytes
        {
            get
            {
                lock (_written)
                {
                    return _written.ToArray();
                }
            }
        }

        public string Text => Encoding.UTF8.GetString(Bytes);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release() => _open.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Entered.Set();
            _open.Wait();
            if (_failNextWrite)
            {
                _failNextWrite = false;
                throw new IOException("stderr closed");
            }
            Interlocked.Increment(ref _writes);
            lock (_written)
            {
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open.Dispose();
                _written.Dispose();
                Entered.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
