using Npgsql;
using Sigilum.Core.Generations;
using Sigilum.Core.Nonces;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Generations;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Postgres.Migrations;
using Sigilum.Storage.Postgres.Nonces;

namespace Sigilum.Storage.Postgres.Replay;

/// <summary>
/// PostgreSQL's counterpart of <c>SqliteReplayStore</c> (ADR 0068): what several vault instances need to refuse one
/// attestation id on all of them — the shared nonce table behind <see cref="PostgresNonceStore"/>'s insert-if-absent and
/// the store generation (STO-15) — under its own ledger (<c>replay_migrations</c>), without the control-plane schema.
/// </summary>
public sealed class PostgresReplayStore : IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<Migration>> Embedded =
        new(() => Migration.LoadEmbedded(typeof(PostgresReplayStore).Assembly, "Sigilum.Storage.Postgres.Replay.Migrations."));

    private readonly PostgresDatabase _database;

    private PostgresReplayStore(PostgresDatabase database, PostgresReplayStoreOptions options)
    {
        _database = database;
        Nonces = new PostgresNonceStore(database, options.NonceCapacity);
        Generation = new SqlStoreGenerationStore(database, options.TimeProvider);
    }

    /// <summary>Insert-if-absent on the shared table: of any number of instances exactly one accepts an id (RPL-09).</summary>
    public INonceStore Nonces { get; }

    /// <summary>The database's monotonic generation (STO-15), raised by every instance's start and stop.</summary>
    public IStoreGenerationStore Generation { get; }

    /// <summary>Applies the replay migrations (under their advisory lock) and returns the store.</summary>
    public static async Task<PostgresReplayStore> OpenAsync(PostgresReplayStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        var store = new PostgresReplayStore(new PostgresDatabase(NpgsqlDataSource.Create(options.ConnectionString)), options);
        try
        {
            await new PostgresMigrator(store._database, Embedded.Value, AdvisoryLocks.ReplayMigrationsSql, "replay_migrations")
                .MigrateAsync(options.TimeProvider.GetUtcNow(), cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _database.Source.DisposeAsync();
}
