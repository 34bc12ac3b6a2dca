using System.Buffers;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>
/// The durable audit log of a gateway or vault node (DESIGN §4 "Audit"): <c>audit.jsonl</c>, the
/// hash-chained records, and <c>checkpoints.jsonl</c>, signed heads written apart and handed to the
/// host (<see cref="AuditLogOptions.CheckpointWritten"/>) for the control plane's witness.
/// </summary>
/// <remarks>
/// <para>
/// Group commit (ADR 0031): appenders enqueue records (in <c>seq</c> order) and a single writer loop writes
/// whatever is queued with one write and, if any of it is durable, one <c>fdatasync</c> on a preallocated file
/// (<see cref="AuditFile"/>). A durable append completes only after that sync, so a credential release is on
/// disk before it is used. A non-durable append (an outcome, a refusal) is not waited for at all: it returns
/// once its record is in the chain and queued, is written with the next batch, and becomes durable with the
/// next sync — the next durable append's, a checkpoint's (at most <see cref="AuditLogOptions.CheckpointInterval"/>
/// later), <see cref="FlushAsync"/>'s or the close's. A crash can therefore lose only non-durable records
/// appended after the last sync, never an acknowledged durable one, and the chain on disk stays a prefix.
/// </para>
/// <para>
/// If a write or sync fails (disk full, I/O error, STO-01/02), the file was deleted, renamed or
/// replaced (STO-04), or an append or flush does not complete within <see cref="AuditLogOptions.WriteTimeout"/>
/// (a blocked sink, STO-03), every awaited append of that batch faults with an <see cref="IOException"/> and
/// the log is failed for good: later appends fail at once and the caller must refuse its request. A failure
/// in a batch of non-durable records alone fails the log the same way, so the next release is refused.
/// Nothing here retries a write or a sync (a failed fsync may have dropped dirty pages, so a retry
/// that "succeeds" proves nothing); only a new <see cref="Open"/> — an operator's decision, after
/// fixing storage — recovers, from what verifiably reached the file. A batch whose sync failed may
/// still be on disk; the log then records events the callers were told failed, which errs on the
/// side of over-reporting.
/// </para>
/// <para>Rotation is not implemented; the log grows until an operator moves it aside.</para>
/// </remarks>
public sealed class AuditLog : IAsyncDisposable
{
    private readonly AuditLogOptions _options;
    private readonly TimeProvider _time;
    private readonly string _checkpointPath;
    private readonly AuditChain _chain;
    private readonly IAuditFile _log;
    private readonly IAuditFile _checkpoints;
    private readonly FileStream _lock;
    private readonly Channel<PendingWrite> _queue;
    private readonly Lock _enqueueGate = new();
    private readonly ITimer _timer;
    // STO-03's one watchdog (instead of a timer per append): the awaited appends and flushes not yet seen
    // complete, oldest first, with the clock's timestamp of their enqueue. Guarded by _enqueueGate.
    private readonly ITimer? _watchdog;
    private readonly Queue<(TaskCompletionSource<AuditRecord?> Done, long Since)> _outstanding = new();
    private bool _watchdogArmed;
    private readonly Task _writer;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<PendingWrite> _batch = [];

    // Touched only by the writer loop (and by DisposeAsync after the loop ended).
    private AuditChainHead _written;
    private AuditChainHead? _checkpointed;
    private DateTimeOffset _lastCheckpointAt;
    private bool _unsynced;

    private volatile Exception? _failure;
    private bool _closed;

    private AuditLog(AuditLogOptions options, AuditChainHead head, AuditCheckpoint? lastCheckpoint, IAuditFile log, IAuditFile checkpoints, FileStream lockFile)
    {
        _lock = lockFile;
        _options = options;
        _time = options.TimeProvider;
        _checkpointPath = Path.Combine(options.Directory, AuditLogOptions.CheckpointFileName);
        _chain = AuditChain.Resume(head, _time);
        _written = head;
        _checkpointed = lastCheckpoint is null ? null : new AuditChainHead(lastCheckpoint.Seq, lastCheckpoint.Head, null);
        _lastCheckpointAt = lastCheckpoint?.Timestamp ?? _time.GetUtcNow();
        _log = log;
        _checkpoints = checkpoints;
        _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        _writer = Task.Run(WriteLoopAsync);
        // The timer only asks the loop to look; the loop decides from the clock whether one is due.
        _timer = _time.CreateTimer(_ => EnqueueTick(), null, options.CheckpointInterval, options.CheckpointInterval);
        if (options.WriteTimeout != Timeout.InfiniteTimeSpan)
        {
            _watchdog = _time.CreateTimer(_ => Watch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The head of the last record handed out (written or still queued).</summary>
    public AuditChainHead Head => _chain.Head;

    /// <summary>True once a write or fsync failed; every append fails until the log is reopened.</summary>
    public bool IsFailed => _failure is not null;

    /// <summary>Why the log failed (a short, secret-free reason for health output and logs); null while it works.</summary>
    public string? FailureReason => _failure?.Message;

    /// <summary>
    /// Opens the log in <see cref="AuditLogOptions.Directory"/>, creating it if needed. An existing
    /// log is verified against its checkpoints first; a torn last line is truncated away.
    /// </summary>
    /// <exception cref="AuditLogCorruptedException">The log or its checkpoints do not verify.</exception>
    /// <exception cref="IOException">The files cannot be read or opened (e.g. another writer holds them).</exception>
    public static AuditLog Open(AuditLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        ArgumentNullException.ThrowIfNull(options.SigningKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CheckpointEveryRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.CheckpointInterval, TimeSpan.Zero);
        if (options.WriteTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.WriteTimeout, TimeSpan.Zero);
        }
        // Fails now, with the reason, rather than on the writer loop at the first checkpoint.
        _ = AuditCheckpoint.Sign(options.NodeId, AuditChainHead.Genesis, options.TimeProvider, options.SigningKey);

        ArgumentOutOfRangeException.ThrowIfNegative(options.PreallocationBytes);

        var directoryCreated = !Directory.Exists(options.Directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(options.Directory);
        }
        else
        {
            Directory.CreateDirectory(options.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var logPath = Path.Combine(options.Directory, AuditLogOptions.LogFileName);
        var checkpointPath = Path.Combine(options.Directory, AuditLogOptions.CheckpointFileName);
        // Taken before recovery so two processes never repair or append to the same log at once.
        var lockFile = AcquireLock(Path.Combine(options.Directory, AuditLogOptions.LockFileName));
        IAuditFile? log = null;
        IAuditFile? checkpoints = null;
        try
        {
            var (head, lastCheckpoint) = AuditLogRecovery.Recover(logPath, checkpointPath, options);
            var filesCreated = !File.Exists(logPath) || !File.Exists(checkpointPath);
            log = options.OpenFile is { } open ? open(logPath) : AuditFile.OpenForAppend(logPath, options.PreallocationBytes);
            checkpoints = options.OpenFile is { } openCheckpoints ? openCheckpoints(checkpointPath) : AuditFile.OpenForAppend(checkpointPath);
            // A new file's name is durable only once its directory is synced; without this a power cut could
            // lose the whole file, acknowledged releases included, although each batch was fdatasynced.
            if (filesCreated)
            {
                options.SyncDirectory(options.Directory);
            }
            if (directoryCreated && Path.GetDirectoryName(Path.GetFullPath(options.Directory)) is { } parent)
            {
                options.SyncDirectory(parent);
            }
            return new AuditLog(options, head, lastCheckpoint, log, checkpoints, lockFile);
        }
        catch
        {
            checkpoints?.Dispose();
            log?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Holds <c>audit.lock</c> exclusively for the log's lifetime. A separate file, because an
    /// exclusive lock on <c>audit.jsonl</c> itself would also shut out read-only verifiers.
    /// </summary>
    private static FileStream AcquireLock(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            return new FileStream(path, options);
        }
        catch (IOException ex)
        {
            throw new IOException($"The audit log in {Path.GetDirectoryName(path)} is already open in another writer.", ex);
        }
    }

    /// <summary>
    /// Appends a record of <paramref name="type"/> with <paramref name="fields"/> (never secrets; see
    /// <see cref="AuditRecord"/>). When <paramref name="durable"/>, completes only after the record is
    /// written and synced (group-committed with whatever else is queued). Otherwise it does not wait: the
    /// returned task is already complete once the record has its place in the chain, and the record is
    /// written with the next batch and synced with the next group commit. Fails with <see cref="IOException"/>
    /// when the log cannot be written (for a non-durable append: when it has already failed): the caller must
    /// then refuse the request it was auditing.
    /// </summary>
    /// <exception cref="ArgumentException">Bad type or fields (thrown synchronously; nothing is written).</exception>
    public Task<AuditRecord> AppendAsync(string type, JsonObject? fields = null, bool durable = true)
    {
        // One gate around "next seq" and "enqueue" so the queue, and hence the file, is in seq order.
        PendingWrite pending;
        lock (_enqueueGate)
        {
            if (RefusedLocked() is { } refused)
            {
                return refused;
            }
            pending = EnqueueLocked(_chain.Append(type, fields), durable);
        }
        return Appended(pending);
    }

    /// <summary>
    /// <see cref="AppendAsync(string, JsonObject?, bool)"/> with typed fields (a null-valued field is left out):
    /// the same record, byte for byte, written without a JSON DOM (<see cref="AuditChain.Append(string, ReadOnlySpan{AuditField})"/>).
    /// The per-request overload.
    /// </summary>
    /// <exception cref="ArgumentException">Bad type or fields (thrown synchronously; nothing is written).</exception>
    public Task<AuditRecord> AppendAsync(string type, bool durable, params ReadOnlySpan<AuditField> fields)
    {
        PendingWrite pending;
        lock (_enqueueGate)
        {
            if (RefusedLocked() is { } refused)
            {
                return refused;
            }
            pending = EnqueueLocked(_chain.Append(type, fields), durable);
        }
        return Appended(pending);
    }

    /// <summary>Under <c>_enqueueGate</c>: the answer for an append when the log is closed (throws) or has failed.</summary>
    private Task<AuditRecord>? RefusedLocked()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return _failure is { } failure ? Task.FromException<AuditRecord>(Failed(failure)) : null;
    }

    /// <summary>Under <c>_enqueueGate</c>: queues the record just chained, so the file stays in seq order.</summary>
    private PendingWrite EnqueueLocked(AuditRecord record, bool durable)
    {
        var pending = new PendingWrite(record, durable, awaited: durable);
        Enqueue(pending);
        return pending;
    }

    /// <summary>Outside the gate: tells the observer, then gives what the caller awaits (done at once unless durable).</summary>
    private Task<AuditRecord> Appended(PendingWrite pending)
    {
        Appended(pending.Record!);
        return pending.Done is null ? Task.FromResult(pending.Record!) : pending.Done.Task!;
    }

    /// <summary>Tells the host's observer (<see cref="AuditLogOptions.RecordAppended"/>); it can never refuse or break an append.</summary>
    private void Appended(AuditRecord record)
    {
        if (_options.RecordAppended is not { } observer)
        {
            return;
        }
        try
        {
            observer(record);
        }
#pragma warning disable CA1031 // An observer's failure must not turn an audited request into a refused one.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Waits until every record appended so far is written and synced (one group commit, shared with
    /// whatever else is queued). For a host that wants its non-durable records on disk at a point of its
    /// choosing, and for tests; closing the log does this too.
    /// </summary>
    /// <exception cref="IOException">The log failed (then nothing after the last good sync is known to be durable).</exception>
    public Task FlushAsync()
    {
        PendingWrite marker;
        lock (_enqueueGate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_failure is { } failure)
            {
                return Task.FromException(Failed(failure));
            }
            marker = new PendingWrite(null, durable: true, awaited: true);
            Enqueue(marker);
        }
        return marker.Done!.Task;
    }

    /// <summary>
    /// Queues a record or a flush for the writer loop (under <see cref="_enqueueGate"/>) and, when it is awaited
    /// and a write timeout is set, puts it under the watchdog.
    /// </summary>
    private void Enqueue(PendingWrite pending)
    {
        _queue.Writer.TryWrite(pending);
        if (_watchdog is null || pending.Done is not { } done)
        {
            return;
        }
        // Completed entries are dropped here and by the watchdog, so the queue holds about what is in flight.
        while (_outstanding.TryPeek(out var oldest) && oldest.Done.Task.IsCompleted)
        {
            _outstanding.Dequeue();
        }
        _outstanding.Enqueue((done, _time.GetTimestamp()));
        if (!_watchdogArmed)
        {
            _watchdogArmed = true;
            _watchdog.Change(_options.WriteTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// STO-03: a sink that blocks (NFS stall, a hung disk) must not hang every request. The writer loop
    /// itself cannot be interrupted in a blocking write, so once the oldest awaited append or flush has waited
    /// <see cref="AuditLogOptions.WriteTimeout"/>, the watchdog fails the log and every append and flush still
    /// waiting: whatever that write does later, no further record is trusted to it. One timer for the log,
    /// armed while something is awaited and re-armed for the oldest waiter's deadline, instead of a timer per
    /// append (ADR 0050).
    /// </summary>
    private void Watch()
    {
        TaskCompletionSource<AuditRecord?>[] stalledWaiters;
        TimeoutException stalled;
        lock (_enqueueGate)
        {
            while (_outstanding.TryPeek(out var oldest) && oldest.Done.Task.IsCompleted)
            {
                _outstanding.Dequeue();
            }
            if (!_outstanding.TryPeek(out var first))
            {
                _watchdogArmed = false;
                return;
            }
            var waited = _time.GetElapsedTime(first.Since);
            if (waited < _options.WriteTimeout)
            {
                _watchdog!.Change(_options.WriteTimeout - waited, Timeout.InfiniteTimeSpan);
                return;
            }
            stalled = new TimeoutException($"An audit write did not complete within {_options.WriteTimeout.TotalSeconds:0.###} s (the storage is blocked).");
            Interlocked.CompareExchange(ref _failure, stalled, null);
            stalledWaiters = [.. _outstanding.Select(o => o.Done)];
            _outstanding.Clear();
            _watchdogArmed = false;
        }
        var error = Failed(stalled);
        foreach (var waiter in stalledWaiters)
        {
            waiter.TrySetException(error);
        }
    }

    /// <summary>
    /// Closes the log: writes queued appends, syncs them (so every non-durable record is durable after a
    /// clean close), writes a final checkpoint if records were added since the last one (so a later
    /// truncation of the tail is detectable), and cuts the preallocated tail off the file.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_enqueueGate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _queue.Writer.TryComplete();
        }
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }
        await _writer.ConfigureAwait(false);
        if (_failure is null)
        {
            try
            {
                if (_unsynced)
                {
                    _log.Flush();
                    _unsynced = false;
                }
                if (_written.Seq != (_checkpointed?.Seq ?? 0))
                {
                    WriteCheckpoint();
                }
                // Only a clean close cuts the preallocated zeros: after a failure the end is the next open's to find.
                _log.Complete();
            }
            catch (IOException)
            {
                // Closing cannot refuse anything any more; the next open verifies what reached disk.
            }
        }
        _log.Dispose();
        _checkpoints.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Test hook (the interval timer's work): has the loop write a checkpoint if one is due, and waits for it.</summary>
    internal Task CheckpointIfDueAsync() => EnqueueTick() ?? Task.CompletedTask;

    private Task<AuditRecord?>? EnqueueTick()
    {
        // A tick is not under the watchdog: nobody depends on it but a test, and the writer answers it.
        var tick = new PendingWrite(null, durable: false, awaited: true);
        lock (_enqueueGate)
        {
            return !_closed && _queue.Writer.TryWrite(tick) ? tick.Done!.Task : null;
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // One turn of the thread pool before draining: callers released by the previous sync
            // enqueue their next records meanwhile and share this batch's sync instead of each
            // starting a batch of one. Not a timed wait; an idle log still writes at once.
            await Task.Yield();
            _batch.Clear();
            _buffer.ResetWrittenCount();
            var durable = false;
            AuditRecord? last = null;
            while (_batch.Count < _options.MaxBatchRecords && reader.TryRead(out var pending))
            {
                _batch.Add(pending);
                durable |= pending.Durable;
                if (pending.Record is { } record)
                {
                    _buffer.Write(record.Line.Span);
                    last = record;
                }
            }
            WriteBatch(durable, last);
        }
    }

    private void WriteBatch(bool durable, AuditRecord? last)
    {
        if (_failure is { } earlier)
        {
            FailAll(earlier);
            return;
        }
        bool checkpointDue;
        try
        {
            if (last is not null)
            {
                // STO-04: appending to a file that is no longer at its path would write records nobody reads.
                _log.EnsureUnchanged();
                _log.Write(_buffer.WrittenSpan);
                _unsynced = true;
                _written = last.Head;
            }
            checkpointDue = IsCheckpointDue();
            // A checkpoint may only cover records that are on disk, so it forces the sync too. Non-durable
            // records alone are only written: they ride the next durable batch's sync.
            if (_unsynced && (durable || checkpointDue))
            {
                _log.Flush();
                _unsynced = false;
            }
        }
#pragma warning disable CA1031 // Any failure must fault the batch; an escaped exception would kill the loop and hang every caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, ex, null);
            FailAll(_failure ?? ex);
            return;
        }
        // Records (and flushes) first: their callers need not wait for the checkpoint's own write and sync.
        foreach (var pending in _batch)
        {
            if (pending.Record is not null || pending.Durable)
            {
                pending.Done?.TrySetResult(pending.Record);
            }
        }
        if (checkpointDue)
        {
            try
            {
                WriteCheckpoint();
            }
#pragma warning disable CA1031 // As above: the loop must survive to fail later appends fast.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The records are durable, so their appends stand; but storage is failing, and the
                // next request must be refused rather than audited into a log that cannot be witnessed.
                Interlocked.CompareExchange(ref _failure, ex, null);
            }
        }
        foreach (var pending in _batch)
        {
            pending.Done?.TrySetResult(null);
        }
    }

    private bool IsCheckpointDue()
    {
        var since = _written.Seq - (_checkpointed?.Seq ?? 0);
        return since >= _options.CheckpointEveryRecords ||
            (since > 0 && _time.GetUtcNow() - _lastCheckpointAt >= _options.CheckpointInterval);
    }

    private void WriteCheckpoint()
    {
        var checkpoint = AuditCheckpoint.Sign(_options.NodeId, _written, _time, _options.SigningKey);
        var json = checkpoint.ToUtf8Json();
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        _checkpoints.EnsureUnchanged();
        _checkpoints.Write(line);
        _checkpoints.Flush();
        _checkpointed = _written;
        _lastCheckpointAt = _time.GetUtcNow();
        try
        {
            _options.CheckpointWritten?.Invoke(checkpoint);
        }
#pragma warning disable CA1031 // A host's witness callback must never break the audit log; the checkpoint is already on disk.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void FailAll(Exception cause)
    {
        var error = Failed(cause);
        foreach (var pending in _batch)
        {
            // A tick just ends; a durable append or a flush learns of the failure; a non-durable record has
            // nobody waiting (its loss shows as the failed log, which refuses the next release).
            if (pending.Record is null && !pending.Durable)
            {
                pending.Done?.TrySetResult(null);
            }
            else
            {
                pending.Done?.TrySetException(error);
            }
        }
    }

    private IOException Failed(Exception cause) =>
        new($"The audit log in {_options.Directory} cannot be written ({cause.Message}); refuse the request and reopen the log once storage is fixed.", cause);
}
