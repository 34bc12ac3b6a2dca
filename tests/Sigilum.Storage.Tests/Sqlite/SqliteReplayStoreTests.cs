using Microsoft.Data.Sqlite;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Sqlite.Replay;
using Sigilum.Testing;

namespace Sigilum.Storage.Sqlite;

/// <summary>The data planes' replay file (ADR 0053): nonces and the store generation only, and older replay files adopted.</summary>
public sealed class SqliteReplayStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _home = new("sigilum-replay-");

    private string DbPath => Path.Combine(_home.Path, "vault", "replay.db");

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task OpenAsync_NewFile_RecordsAnIdOnceThenReplaysIt()
    {
        await using var store = await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath });

        var first = await store.Nonces.TryRecordAsync("vault", "jti-1", T0.AddMinutes(1), T0);
        var second = await store.Nonces.TryRecordAsync("vault", "jti-1", T0.AddMinutes(1), T0);

        Assert.Equal((NonceRecordResult.Recorded, NonceRecordResult.Replayed), (first, second));
    }

    [Fact]
    public async Task OpenAsync_NewFile_HoldsOnlyTheReplayTables()
    {
        await using (await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath }))
        {
        }

        Assert.Equal(["nonce_count", "nonces", "replay_migrations", "store_generation"], await TablesAsync());
    }

    [Fact]
    public async Task OpenAsync_NewFile_OnlyTheOwnerMayReadIt()
    {
        await using var store = await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath });
        await store.Nonces.TryRecordAsync("vault", "jti-1", T0.AddMinutes(1), T0);

        var modes = OperatingSystem.IsWindows()
            ? (UnixFileMode.None, UnixFileMode.None)
            : (File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!), File.GetUnixFileMode(DbPath));
        var expected = OperatingSystem.IsWindows()
            ? (UnixFileMode.None, UnixFileMode.None)
            : (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(expected, modes);
    }

    [Fact]
    public async Task OpenAsync_ReplayFileWrittenAsAWholeStore_KeepsItsIdsAndGeneration()
    {
        // Before the replay store existed the vault kept its replay file as a whole control-plane store.
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        long generation;
        await using (var old = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = DbPath }))
        {
            await old.Nonces.TryRecordAsync("vault", "jti-old", T0.AddMinutes(1), T0);
            generation = await old.Generation.AdvanceAsync(7);
        }

        await using var store = await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath });

        Assert.Equal(NonceRecordResult.Replayed, await store.Nonces.TryRecordAsync("vault", "jti-old", T0.AddMinutes(1), T0));
        Assert.Equal(generation, await store.Generation.GetAsync());
        Assert.Equal(generation + 1, await store.Generation.AdvanceAsync(0));
    }

    [Fact]
    public async Task OpenAsync_ExistingReplayFile_AppliesItsMigrationOnce()
    {
        await using (await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath }))
        {
        }
        await using (await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath }))
        {
        }

        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM replay_migrations";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task STO_11_ReplayFileFromANewerBuild_OpenRefused()
    {
        await using (await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath }))
        {
        }
        await using (var connection = await OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO replay_migrations(version, name, checksum, applied_at) VALUES (2, 'future', 'x', 0)";
            await command.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = DbPath }));

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
