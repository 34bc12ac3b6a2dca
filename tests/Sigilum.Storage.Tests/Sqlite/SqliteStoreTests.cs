using Microsoft.Data.Sqlite;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Testing;

namespace Sigilum.Storage.Sqlite;

/// <summary>What only the SQLite store promises: the file, its modes, WAL, durability per write, busy and corrupt files.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _home = new("sigilum-storage-");

    private string DbPath => SqliteStoreOptions.DefaultPath(_home.Path);

    public void Dispose() => _home.Dispose();

    [Fact]
    public void DefaultPath_Home_IsControlplaneSigilumDb() =>
        Assert.Equal(Path.Combine("/home/x/.sigilum", "controlplane", "sigilum.db"), SqliteStoreOptions.DefaultPath("/home/x/.sigilum"));

    [Fact]
    public async Task OpenAsync_MissingDirectory_CreatesOwnerOnlyDirectoryAndFiles()
    {
        await using var store = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = DbPath });
        await store.Nonces.TryRecordAsync("acme", "n", T0.AddMinutes(1), T0);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath + "-wal"));
        }
    }

    [Fact]
    public async Task MigrateAsync_FreshFile_SwitchesToWal()
    {
        await using var store = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = DbPath });

        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task OpenAsync_Durability_SetsSynchronousOnThatConnection(bool full, long expected)
    {
        var durability = full ? Durability.Full : Durability.Normal;
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        var database = new SqliteDatabase(DbPath, TimeSpan.FromSeconds(1));

        // The other level first, so a pooled connection carrying it is reused and must be reset.
        await using (var other = await database.OpenAsync(durability == Durability.Full ? Durability.Normal : Durability.Full, default))
        {
        }
        await using var connection = await database.OpenAsync(durability, default);
        await using var command = connection.Sql("PRAGMA synchronous");

        Assert.Equal(expected, await command.ScalarLongAsync(default));
    }

    [Fact]
    public async Task STO_10_WriteLockHeldBeyondBusyTimeout_NonceWriteThrows()
    {
        // RPL-13 / STO-10: a nonce that cannot be written is an exception (the caller denies), never "recorded".
        await using var store = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = DbPath, BusyTimeout = TimeSpan.FromMilliseconds(50) });
        await using var blocker = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await blocker.OpenAsync();
        await using var transaction = blocker.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.Nonces.TryRecordAsync("acme", "n", T0.AddMinutes(1), T0));

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        transaction.Rollback();
        Assert.Equal(NonceRecordResult.Recorded, await store.Nonces.TryRecordAsync("acme", "n", T0.AddMinutes(1), T0));
    }

    [Fact]
    public async Task STO_11_FileThatIsNotADatabase_RefusesToStart()
    {
        // STO-11: never "repair" by recreating an empty database (that would erase revocations).
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        await File.WriteAllBytesAsync(DbPath, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);

        await Assert.ThrowsAsync<SqliteException>(() => SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = DbPath }));

        Assert.Equal(4096, new FileInfo(DbPath).Length);
    }

    [Fact]
    public void Open_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteSigilumStore.Open(new SqliteStoreOptions { Path = DbPath, NonceCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteSigilumStore.Open(new SqliteStoreOptions { Path = DbPath, ChangePollInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => SqliteSigilumStore.Open(new SqliteStoreOptions { Path = " " }));
    }
}
