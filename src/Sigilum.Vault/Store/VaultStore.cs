using System.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sigilum.Storage.Sqlite;

namespace Sigilum.Vault.Store;

/// <summary>
/// The vault's configuration on one SQLite file (WAL): trust anchors, agents, backends, routes and
/// settings. Every change runs in <c>BEGIN IMMEDIATE</c> and bumps <c>config_version</c>, which the
/// running proxy reads per request to pick up changes without a restart.
/// </summary>
internal sealed partial class VaultStore
{
    private const string AudienceSetting = "audience";
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private VaultStore(string path, TimeProvider time)
    {
        // Initialise the provider (the bundled engine, docs/decisions/0047-current-bundled-sqlite.md) as every other Sigilum SQLite file does.
        _ = SqliteSigilumStore.Engine;
        Path = path;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens an existing store (refusing a missing file rather than creating an empty one) and checks its schema.</summary>
    public static async Task<VaultStore> OpenAsync(VaultPaths paths, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!File.Exists(paths.Database))
        {
            throw new VaultStoreException($"No vault store at {paths.Database}; run: sigil-vault init");
        }
        var store = new VaultStore(paths.Database, time);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>Creates the store (0600) and applies the schema; an existing store is migrated and kept.</summary>
    public static async Task<VaultStore> CreateAsync(VaultPaths paths, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        VaultPaths.EnsureDirectory(paths.Directory);
        if (!File.Exists(paths.Database))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            await using (new FileStream(paths.Database, options))
            {
            }
        }
        var store = new VaultStore(paths.Database, time);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = Sql(connection, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in <c>BEGIN IMMEDIATE</c>; when <paramref name="changes"/>, bumps the config version in the same transaction.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken, bool changes = true)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var result = await work(connection, transaction);
        if (changes)
        {
            await using var bump = Sql(connection, "UPDATE config_version SET version = version + 1 WHERE id = 0", transaction);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    private static SqliteCommand Sql(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant SQL from this class; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromDb(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
