namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Holds the next durable flush of the audit record log (through <see cref="HeldAuditFile"/>) until the test releases it:
/// a request is then parked exactly between "authorised" and "release record durable", before any backend fetch.
/// </summary>
internal sealed class AuditHold : IDisposable
{
    private readonly ManualResetEventSlim _released = new(false);
    private int _armed;

    /// <summary>Completes when the held flush has begun (the request's release record is being made durable).</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next flush waits for <see cref="Release"/>.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _released.Set();

    /// <summary>Called by the audit writer before it flushes: blocks it while armed (once), never longer than 30 s.</summary>
    public void BeforeFlush()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Arrived.TrySetResult();
            _released.Wait(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose()
    {
        _released.Set();
        _released.Dispose();
    }
}
