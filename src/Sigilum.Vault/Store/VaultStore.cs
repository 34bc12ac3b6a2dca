using System.Security.Cryptography;
using System.Text;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Vault.Store;

/// <summary>
/// The vault's configuration on one SQLite file (WAL): trust anchors, agents, backends, routes and
/// settings. Every change runs in <c>BEGIN IMMEDIATE</c> and bumps <c>config_version</c>, which the
/// running proxy reads per request to pick up changes without a restart. The file is opened, written and migrated
/// through the shared relational core (ADR 0053); its schema and statements are the vault's own.
/// </summary>
internal sealed partial class VaultStore
{
    private const string AudienceSetting = "audience";
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    private VaultStore(string path, TimeProvider time)
    {
        Path = path;
        _time = time;
        _database = new SqliteDatabase(path, TimeSpan.FromSeconds(5));
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
        SqliteFiles.CreatePrivate(paths.Database);
        var store = new VaultStore(paths.Database, time);
        await store.MigrateAsync(cancellationToken);
        return store;
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Runs <paramref name="work"/> in <c>BEGIN IMMEDIATE</c> with a full fsync at commit; when <paramref name="changes"/>,
    /// bumps the config version in the same transaction.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool changes = true) =>
        _database.WriteAsync(Durability.Full, async session =>
        {
            var result = await work(session);
            if (changes)
            {
                await session.RunAsync("UPDATE config_version SET version = version + 1 WHERE id = 0", cancellationToken);
            }
            return result;
        }, cancellationToken);

    private Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) => _database.ReadAsync(work, cancellationToken);

    private static DateTimeOffset FromDb(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
