namespace Sigilum.Storage.Sqlite.Replay;

/// <summary>Where a data plane's replay file lives and how it behaves under load.</summary>
public sealed record SqliteReplayStoreOptions
{
    /// <summary>The database file; its directory is created (0700) when missing, the file 0600.</summary>
    public required string Path { get; init; }

    /// <summary>How long a writer waits for another connection or process to release the write lock.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Live ids held before recording answers <c>Full</c>; unexpired entries are never evicted (RPL-12).</summary>
    public long NonceCapacity { get; init; } = 1_000_000;

    /// <summary>Clock for migration and generation stamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
