namespace Sigilum.Core.Usage.Reporting;

/// <summary>How a <see cref="UsageClient"/> batches, queues and retries (ADR 0029).</summary>
/// <param name="Enabled">False: reports are ignored (nothing is queued or sent).</param>
/// <param name="BatchSize">Reports per signed call, 1-<see cref="UsageClient.MaxBatch"/>.</param>
/// <param name="QueueCapacity">Reports held while the control plane is slow or away (at least one batch); the oldest go beyond.</param>
/// <param name="FlushInterval">A batch that is not full is sent this long after its oldest report.</param>
/// <param name="RequestTimeout">One attempt's bound, and at shutdown the whole flush's.</param>
/// <param name="InitialRetryDelay">The first backoff after a failed attempt; it doubles up to <paramref name="MaxRetryDelay"/>.</param>
/// <param name="MaxRetryDelay">The longest backoff.</param>
public sealed record UsageReportingPolicy(
    bool Enabled, int BatchSize, int QueueCapacity, TimeSpan FlushInterval, TimeSpan RequestTimeout, TimeSpan InitialRetryDelay, TimeSpan MaxRetryDelay);
