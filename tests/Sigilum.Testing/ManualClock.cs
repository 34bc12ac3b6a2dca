namespace Sigilum.Testing;

/// <summary>
/// A clock that stands still until the test moves it: <see cref="GetUtcNow"/> and <see cref="GetTimestamp"/> follow
/// <see cref="Advance"/>, and timers (<c>Task.Delay</c>, <c>WaitAsync</c> timeouts, <c>PeriodicTimer</c>) fire only then.
/// A test on this clock proves that something happened without any timer firing, i.e. without waiting for a poll.
/// (<see cref="FakeTimeProvider"/> moves only the wall clock; its timers are real.)
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(DateTimeOffset At, TaskCompletionSource Armed)> _armedWaiters = [];
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers created and not disposed (fired one-shot timers included until disposed).</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes once a timer is armed to fire at exactly <paramref name="at"/> (at once if one already is): how a test
    /// knows that a loop went back to sleep on this clock before it moves the clock.
    /// </summary>
    public Task WhenTimerDueAsync(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_timers.Exists(t => t.DueAt == at))
            {
                return Task.CompletedTask;
            }
            var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _armedWaiters.Add((at, armed));
            return armed.Task;
        }
    }

    /// <summary>Moves the clock forward and fires, in order, every timer that became due (periodic ones as often as due).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.DueAt!.Value;
                next.DueAt = next.Period > TimeSpan.Zero ? _now + next.Period : null;
                Armed(next);
            }
            next.Fire();
        }
    }

    /// <summary>Called under the lock whenever <paramref name="timer"/> gets a due time.</summary>
    private void Armed(ManualTimer timer)
    {
        for (var i = _armedWaiters.Count - 1; i >= 0; i--)
        {
            if (_armedWaiters[i].At == timer.DueAt)
            {
                // RunContinuationsAsynchronously: nothing runs under the lock.
                _armedWaiters[i].Armed.TrySetResult();
                _armedWaiters.RemoveAt(i);
            }
        }
    }

    private sealed class ManualTimer(ManualClock owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                owner.Armed(this);
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
