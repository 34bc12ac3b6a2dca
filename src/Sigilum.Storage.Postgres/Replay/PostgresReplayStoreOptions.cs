namespace Sigilum.Storage.Postgres.Replay;

/// <summary>Where the shared replay tables live and how they behave under load.</summary>
public sealed record PostgresReplayStoreOptions
{
    /// <summary>An Npgsql connection string. Never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Live ids every instance together holds before recording answers <c>Full</c>; unexpired entries are never evicted (RPL-12).</summary>
    public long NonceCapacity { get; init; } = 1_000_000;

    /// <summary>Clock for migration and generation stamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
