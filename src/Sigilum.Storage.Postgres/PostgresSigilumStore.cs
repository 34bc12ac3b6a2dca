using Npgsql;
using Sigilum.Core.Storage.Providers;
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
/// <see cref="MigrateAsync"/> (or use <see cref="CreateAsync"/>, which does both).
/// </summary>
public sealed class PostgresSigilumStore : RelationalSigilumStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    private PostgresSigilumStore(PostgresDatabase database, PostgresStoreOptions options, PostgresChangeListener listener)
        : base(database, new RelationalEngineParts(
            new ClaimChangeSignal(listener.ServeAsync, options.ChangePollInterval, options.TimeProvider),
            new PostgresNonceStore(database, options.NonceCapacity), new PostgresUsageBatches(database), new PostgresDeliveryLease(database),
            // No change stamp: every instance reads the connection row per request, so a change through any instance
            // applies to the next request everywhere without depending on a notification lost while a listener reconnects.
            static () => null), options.TimeProvider)
    {
        _source = database.Source;
        _database = database;
        _time = options.TimeProvider;
        Listener = listener;
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

    /// <summary><see cref="Create"/> followed by <see cref="MigrateAsync"/>.</summary>
    public static async Task<PostgresSigilumStore> CreateAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        var store = Create(options);
        try
        {
            await store.MigrateAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public override Task MigrateAsync(CancellationToken cancellationToken = default) =>
        new PostgresMigrator(_database).MigrateAsync(_time.GetUtcNow(), cancellationToken);

    private protected override ValueTask DisposeEngineAsync() => _source.DisposeAsync();
}
