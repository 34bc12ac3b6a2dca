using Npgsql;
using Sigilum.Storage.Postgres.Claims;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Postgres.Migrations;
using Sigilum.Storage.Postgres.Nonces;
using Sigilum.Storage.Postgres.Usage;
using Sigilum.Storage.Postgres.Webhooks;

namespace Sigilum.Storage.Postgres;

/// <summary>
/// The control plane's store on PostgreSQL, for several control-plane, gateway or vault instances
/// sharing one database: replay state by insert-if-absent, claim changes fanned out by
/// LISTEN/NOTIFY, webhook work shared with SKIP LOCKED. Create it, then call
/// <see cref="RelationalSigilumStore.MigrateAsync"/> (or use <see cref="CreateAsync"/>, which does both).
/// </summary>
public sealed class PostgresSigilumStore : RelationalSigilumStore
{
    private readonly PostgresDatabase _database;

    private PostgresSigilumStore(PostgresDatabase database, PostgresStoreOptions options, PostgresChangeListener listener)
        : base(database, new RelationalEngineParts(listener.ServeAsync, options.ChangePollInterval,
            new PostgresNonceStore(database, options.NonceCapacity), new PostgresUsageBatches(database), new PostgresDeliveryLease(database),
            // No change stamp: every instance reads the connection row per request, so a change through any instance
            // applies to the next request everywhere without depending on a notification lost while a listener reconnects.
            static () => null), options.TimeProvider)
    {
        (_database, Listener) = (database, listener);
    }

    public override string Provider => "postgres";

    internal PostgresChangeListener Listener { get; }

    /// <summary>Builds the connection pool; nothing is sent to the server until the first operation.</summary>
    public static PostgresSigilumStore Create(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ChangePollInterval, TimeSpan.Zero);
        var database = new PostgresDatabase(NpgsqlDataSource.Create(options.ConnectionString));
        return new PostgresSigilumStore(database, options, new PostgresChangeListener(database, options.ChangePollInterval, options.TimeProvider));
    }

    /// <summary><see cref="Create"/> followed by <see cref="RelationalSigilumStore.MigrateAsync"/>.</summary>
    public static Task<PostgresSigilumStore> CreateAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default) =>
        MigratedAsync(Create(options), cancellationToken);

    private protected override Task<int> ApplyMigrationsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        new PostgresMigrator(_database).MigrateAsync(now, cancellationToken);

    private protected override ValueTask DisposeEngineAsync() => _database.Source.DisposeAsync();
}
