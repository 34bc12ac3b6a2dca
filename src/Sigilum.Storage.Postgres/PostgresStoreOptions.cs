namespace Sigilum.Storage.Postgres;

/// <summary>How to reach the PostgreSQL database and how the store behaves on it.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>). Never logged.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Live nonces the database holds, shared by every instance, before <c>TryRecord</c> answers <c>Full</c>;
    /// unexpired entries are never evicted (RPL-12). Under concurrent inserts the bound can be overshot
    /// by the number of inserts in flight (the counter is read, not locked), never undershot.
    /// </summary>
    public long NonceCapacity { get; init; } = 1_000_000;

    /// <summary>
    /// How often the change signal also reads the feed head while someone waits: a safety net behind
    /// LISTEN/NOTIFY (a notification is lost while the listening connection is being re-opened).
    /// </summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for migration stamps and the change signal's timeouts and delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
