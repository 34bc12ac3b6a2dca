namespace Sigilum.Core.Audit;

/// <summary>Wraps a real audit file to count writes, syncs and clean closes, hold a flush open, or fail like a full disk.</summary>
internal sealed class TestAuditFile(IAuditFile inner) : IAuditFile
{
    private int _writes;
    private int _flushes;
    private int _completes;

    public int Writes => Volatile.Read(ref _writes);

    public int Flushes => Volatile.Read(ref _flushes);

    public bool FailWrites { get; set; }

    public bool FailFlushes { get; set; }

    /// <summary>When set, Flush signals <see cref="FlushEntered"/> and then waits for this gate.</summary>
    public ManualResetEventSlim? FlushGate { get; set; }

    public TaskCompletionSource FlushEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Interlocked.Increment(ref _writes);
        if (FailWrites)
        {
            throw new IOException("No space left on device (simulated)");
        }
        inner.Write(bytes);
    }

    public void Flush()
    {
        FlushEntered.TrySetResult();
        if (FlushGate is { } gate && !gate.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("flush gate was never released");
        }
        if (FailFlushes)
        {
            throw new IOException("fsync failed (simulated)");
        }
        inner.Flush();
        Interlocked.Increment(ref _flushes);
    }

    public void EnsureUnchanged() => inner.EnsureUnchanged();

    public int Completes => Volatile.Read(ref _completes);

    public void Complete()
    {
        Interlocked.Increment(ref _completes);
        inner.Complete();
    }

    public void Dispose() => inner.Dispose();
}
