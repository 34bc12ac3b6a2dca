namespace Sigilum.Sdk.Retry;

/// <summary>
/// A clock whose timers fire at once (on the thread pool) and advance the clock by their due time,
/// recording each delay: backoff runs on fake time with no real waiting.
/// </summary>
internal sealed class ImmediateTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public List<TimeSpan> Delays { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            Delays.Add(dueTime);
            _now += dueTime;
        }
        ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
        return new NoopTimer();
    }

    private sealed class NoopTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
