namespace Sigilum.Storage.Sqlite;

/// <summary>Where the SQLite store lives and how it behaves under load.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; its directory is created (0700) when missing.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// How long a writer waits for another connection or process to release the write lock before the
    /// operation throws (a decision path then denies with 503, reliability STO-10).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Live nonces the store holds before <c>TryRecord</c> answers <c>Full</c>; unexpired entries are never
    /// evicted to make room (reliability RPL-12).
    /// </summary>
    public long NonceCapacity { get; init; } = 1_000_000;

    /// <summary>
    /// How often a waiting change signal asks SQLite (<c>PRAGMA data_version</c>, on a connection it holds while anyone
    /// waits) whether another connection committed, to see claim changes written by other processes on the file. This
    /// process's own changes wake waiters at once, whatever the interval (ADR 0034).
    /// </summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clock for the change signal's timeouts and poll delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The default location: <c>$SIGILUM_HOME/controlplane/sigilum.db</c>.</summary>
    public static string DefaultPath(string sigilumHome) => System.IO.Path.Combine(sigilumHome, "controlplane", "sigilum.db");
}
