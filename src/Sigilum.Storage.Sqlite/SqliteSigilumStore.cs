using Microsoft.Data.Sqlite;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Claims;
using Sigilum.Storage.Sqlite.Connections;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Sqlite.Engine;
using Sigilum.Storage.Sqlite.Migrations;
using Sigilum.Storage.Sqlite.Nonces;
using Sigilum.Storage.Sqlite.Usage;
using Sigilum.Storage.Sqlite.Webhooks;

namespace Sigilum.Storage.Sqlite;

/// <summary>
/// The control plane's store on one SQLite file (WAL). Several stores, threads or processes may share
/// the file: every read-then-write runs in <c>BEGIN IMMEDIATE</c>. Open it, then call
/// <see cref="RelationalSigilumStore.MigrateAsync"/> (or use <see cref="OpenAsync"/>, which does both).
/// </summary>
public sealed class SqliteSigilumStore : RelationalSigilumStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteNonceStore _nonces;
    private readonly SqliteChangeStamp _stamp;

    private SqliteSigilumStore(SqliteDatabase database, SqliteStoreOptions options, SqliteChangeWatcher watcher, SqliteNonceStore nonces, SqliteChangeStamp stamp)
        : base(database, new RelationalEngineParts(watcher.ServeAsync, options.ChangePollInterval,
            nonces, new SqliteUsageBatches(database), new SqliteDeliveryLease(database), stamp.Read), options.TimeProvider)
    {
        (_database, _nonces, _stamp, Watcher) = (database, nonces, stamp, watcher);
    }

    public override string Provider => "sqlite";

    /// <summary>Which native engine runs the file, e.g. <c>bundled 3.53.4</c>, for the startup posture line.</summary>
    public static string Engine => $"bundled {SqliteEngine.Version}";

    public string Path => _database.Path;

    internal SqliteChangeWatcher Watcher { get; }

    /// <summary>
    /// Prepares the file (directory 0700 and database file 0600 on Unix: it holds sealed secrets and
    /// token hashes) and returns the store. The schema is not touched until <see cref="RelationalSigilumStore.MigrateAsync"/>.
    /// </summary>
    public static SqliteSigilumStore Open(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ChangePollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        SqliteFiles.CreatePrivate(options.Path);
        var database = new SqliteDatabase(options.Path, options.BusyTimeout);
        return new SqliteSigilumStore(database, options, new SqliteChangeWatcher(database, options.ChangePollInterval, options.TimeProvider),
            new SqliteNonceStore(database, options.NonceCapacity), new SqliteChangeStamp(options.Path));
    }

    /// <summary><see cref="Open"/> followed by <see cref="RelationalSigilumStore.MigrateAsync"/>.</summary>
    public static Task<SqliteSigilumStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default) =>
        MigratedAsync(Open(options), cancellationToken);

    private protected override Task<int> ApplyMigrationsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        new SqliteMigrator(_database, SqliteMigrator.Migrations).MigrateAsync(now, cancellationToken);

    private protected override async ValueTask DisposeEngineAsync()
    {
        await _nonces.DisposeAsync();
        _stamp.Dispose();
        // Idle pooled connections would keep the file open after the store is gone.
        using var connection = await _database.OpenAsync(Durability.Normal, CancellationToken.None);
        SqliteConnection.ClearPool(connection);
    }
}
