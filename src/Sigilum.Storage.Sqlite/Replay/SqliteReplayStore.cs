using Microsoft.Data.Sqlite;
using Sigilum.Core.Generations;
using Sigilum.Core.Nonces;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;
using Sigilum.Storage.Generations;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Sqlite.Migrations;
using Sigilum.Storage.Sqlite.Nonces;

namespace Sigilum.Storage.Sqlite.Replay;

/// <summary>
/// Just what a data plane needs to refuse a replay across restarts: the durable nonce (jti) table and the store
/// generation that its audit chain witnesses (reliability STO-15). Its own two tables and its own migration ledger
/// (<c>replay_migrations</c>), so the vault no longer carries the whole control-plane schema for them; a replay file
/// written by an older build (the full schema) is adopted as it is, rows included.
/// </summary>
public sealed class SqliteReplayStore : IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(SqliteReplayStore).Assembly, "Sigilum.Storage.Sqlite.Replay.Migrations."));

    private readonly SqliteDatabase _database;
    private readonly SqliteNonceStore _nonces;

    private SqliteReplayStore(SqliteDatabase database, SqliteReplayStoreOptions options)
    {
        _database = database;
        _nonces = new SqliteNonceStore(database, options.NonceCapacity);
        Generation = new SqlStoreGenerationStore(database, options.TimeProvider);
    }

    /// <summary>Durable replay protection: an accepted id survives a power cut (RPL-08).</summary>
    public INonceStore Nonces => _nonces;

    /// <summary>The file's monotonic generation (STO-15).</summary>
    public IStoreGenerationStore Generation { get; }

    /// <summary>Creates the file when missing (0600), applies the replay migrations and returns the store.</summary>
    public static async Task<SqliteReplayStore> OpenAsync(SqliteReplayStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        SqliteFiles.CreatePrivate(options.Path);
        var database = new SqliteDatabase(options.Path, options.BusyTimeout);
        var store = new SqliteReplayStore(database, options);
        try
        {
            await new SqliteMigrator(database, Embedded.Value, "replay_migrations").MigrateAsync(options.TimeProvider.GetUtcNow(), cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _nonces.DisposeAsync();
        // Idle pooled connections would keep the file open after the store is gone.
        using var connection = await _database.OpenAsync(Durability.Normal, CancellationToken.None);
        SqliteConnection.ClearPool(connection);
    }
}
