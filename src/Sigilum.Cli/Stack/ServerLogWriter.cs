using System.Text;

namespace Sigilum.Cli.Stack;

/// <summary>
/// Writes the hosted servers' log lines off the caller's thread: lines join a bounded queue, and one background thread
/// writes everything queued as one batch and flushes whenever the queue has drained. Issue #13 measured the old
/// writer — a flushed <see cref="TextWriter.WriteLine(string)"/> per line under a lock, on the decision writer's
/// thread — at 4.4 % of the gateway's CPU: two decision lines per request, and the process's stderr writer issues
/// one <c>write(2)</c> per 256 characters. Under load many lines now share one <c>write(2)</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Lines stay whole and in the order they were queued: one queue, one writer, and each batch is written under a
/// lock on the target writer (the CLI's own messages take the same lock: the process's stderr writer locks on itself).</item>
/// <item>Nothing is dropped: when <see cref="QueueCapacity"/> lines wait, the caller waits for room (a stderr that
/// cannot keep up slows the logger, as the synchronous writer did).</item>
/// <item><see cref="Dispose"/> writes every queued line before it returns; a line logged after that is written at once,
/// on the caller's thread.</item>
/// </list>
/// </remarks>
internal sealed class ServerLogWriter : IDisposable
{
    /// <summary>Lines waiting for the writer before a caller waits (about half a second of the gateway's peak load).</summary>
    public const int DefaultQueueCapacity = 4096;

    /// <summary>How long <see cref="Dispose"/> waits for a stderr that does not take bytes (a pipe nobody reads).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly TextWriter _target;
    private readonly Stream? _bytes;
    private readonly Encoding _encoding;
    private readonly string _newLine;
    private readonly object _gate = new();
    private readonly Queue<ServerLogLine> _queue = new();
    private readonly Thread _thread;
    private bool _completed;
    private bool _writerWaiting;
    private int _callersWaiting;
    private byte[] _buffer = new byte[16 * 1024];
    private char[] _chars = new char[1024];

    /// <param name="target">Where lines go; also the lock shared with everyone else who writes to it.</param>
    /// <param name="bytes">
    /// The stream behind <paramref name="target"/>, written directly in <paramref name="target"/>'s encoding (one
    /// write per batch), or null to write through <paramref name="target"/>. Owned by this writer.
    /// </param>
    /// <param name="queueCapacity">Lines that may wait before a caller waits for room.</param>
    public ServerLogWriter(TextWriter target, Stream? bytes = null, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _target = target;
        _bytes = bytes;
        _encoding = target.Encoding;
        _newLine = target.NewLine;
        QueueCapacity = queueCapacity;
        // A thread of its own rather than a pool worker: it waits most of the time, and a log line must not queue behind requests.
        _thread = new Thread(WriteQueued) { IsBackground = true, Name = "sigilum-server-log" };
        _thread.Start();
    }

    public int QueueCapacity { get; }

    /// <summary>Callers waiting for room in a full queue (tests wait for it instead of sleeping).</summary>
    public int CallersWaiting
    {
        get
        {
            lock (_gate)
            {
                return _callersWaiting;
            }
        }
    }

    /// <summary>
    /// The writer for the CLI's stderr. The process's own stderr (<see cref="Console.Error"/>) is written as bytes on
    /// its file descriptor: its writer flushes every 256 characters, which would split a batch into many writes again.
    /// </summary>
    public static ServerLogWriter For(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ReferenceEquals(error, Console.Error) ? new ServerLogWriter(error, Console.OpenStandardError()) : new ServerLogWriter(error);
    }

    /// <summary>Queues <paramref name="line"/> as it is.</summary>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Write(ServerLogLine.Text(line));
    }

    /// <summary>Queues one line, formatted by the writer's thread.</summary>
    public void Write(ServerLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line.Message);
        lock (_gate)
        {
            while (_queue.Count >= QueueCapacity && !_completed)
            {
                _callersWaiting++;
                Monitor.Wait(_gate);
                _callersWaiting--;
            }
            if (!_completed)
            {
                _queue.Enqueue(line);
                if (_writerWaiting)
                {
                    Monitor.Pulse(_gate);
                }
                return;
            }
        }
        // After Dispose: once the writer has finished what was queued, this line follows it directly.
        _thread.Join(DrainTimeout);
        Write([line], throughTarget: true);
    }

    /// <summary>Writes every queued line, then stops the writer thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        if (_thread.Join(DrainTimeout))
        {
            _bytes?.Dispose();
        }
    }

    private void WriteQueued()
    {
        var batch = new List<ServerLogLine>();
        while (true)
        {
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_completed)
                    {
                        return;
                    }
                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                    _writerWaiting = false;
                }
                while (_queue.TryDequeue(out var line))
                {
                    batch.Add(line);
                }
                if (_callersWaiting > 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
            Write(batch, throughTarget: _bytes is null);
            batch.Clear();
        }
    }

    private void Write(IReadOnlyList<ServerLogLine> lines, bool throughTarget)
    {
        try
        {
            lock (_target)
            {
                if (throughTarget)
                {
                    foreach (var line in lines)
                    {
                        _target.Write(Format(line));
                        _target.WriteLine();
                    }
                    _target.Flush();
                    return;
                }
                var length = 0;
                foreach (var line in lines)
                {
                    length = Append(Format(line), length);
                    length = Append(_newLine, length);
                }
                // Whatever the CLI wrote through the target is out before these bytes.
                _target.Flush();
                _bytes!.Write(_buffer, 0, length);
                _bytes.Flush();
                if (_buffer.Length > 1024 * 1024)
                {
                    // One burst must not pin a large buffer for the process's life.
                    _buffer = new byte[16 * 1024];
                }
                if (_chars.Length > 64 * 1024)
                {
                    _chars = new char[1024];
                }
            }
        }
#pragma warning disable CA1031 // A stderr that fails (closed, disk full for the log file) must not stop the writer or the server.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Nowhere left to report it; later lines are tried again.
        }
    }

    // The line's text in the writer's reusable character buffer (valid until the next call).
    private ReadOnlySpan<char> Format(ServerLogLine line)
    {
        var needed = line.MaxLength;
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }
        return _chars.AsSpan(0, line.Format(_chars));
    }

    private int Append(ReadOnlySpan<char> text, int length)
    {
        var needed = length + _encoding.GetMaxByteCount(text.Length);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
        return length + _encoding.GetBytes(text, _buffer.AsSpan(length));
    }
}
