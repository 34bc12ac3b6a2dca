namespace Sigilum.Sdk.Retry;

/// <summary>Settings for <see cref="SigilumRetry"/>. The defaults match the reference SDKs.</summary>
public sealed record SigilumRetryOptions
{
    /// <summary>
    /// Must be true for more than one attempt: retrying a request that is not idempotent can perform
    /// its effect twice, so the caller has to say it is safe.
    /// </summary>
    public bool Idempotent { get; init; }

    /// <summary>Total attempts including the first (default 3).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Delay before the first retry; each later retry doubles it (default 100 ms).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of any single delay, jitter included (default 2 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Relative jitter applied to each delay, 0 to 1 (default 0.2, i.e. ±20 %).</summary>
    public double JitterRatio { get; init; } = 0.2;

    /// <summary>Clock whose timers drive the delays, so tests can run them on fake time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
