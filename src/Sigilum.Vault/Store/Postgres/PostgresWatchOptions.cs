namespace Sigilum.Vault.Store.Postgres;

/// <summary>How an instance follows the shared configuration (ADR 0068).</summary>
internal sealed record PostgresWatchOptions
{
    /// <summary>
    /// How often the watcher reads the version although no notification came: the safety net behind LISTEN/NOTIFY (a
    /// notification sent while the listening connection was being re-opened is lost) and the liveness probe that turns
    /// a silent outage into <c>DB_UNAVAILABLE</c>. Under 1 s, so a change reaches every instance within 1 s anyway.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a version read may take before the store counts as unreachable.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause between attempts to reach the store again after it failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
