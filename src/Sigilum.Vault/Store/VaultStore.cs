using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Vault.Store.Postgres;

namespace Sigilum.Vault.Store;

/// <summary>
/// The vault's configuration: trust anchors, agents, backends, routes and settings, on SQLite (one file, WAL; the
/// default) or PostgreSQL (shared by several instances; ADR 0068). One set of statements and row mappings over the
/// shared relational core (ADR 0053); <see cref="VaultStoreEngine"/> holds what differs. Every change runs in one
/// serialised write transaction and bumps <c>config_version</c>, which the running proxy follows to pick up changes
/// without a restart.
/// </summary>
internal sealed partial class VaultStore : IAsyncDisposable
{
    private const string AudienceSetting = "audience";
    private readonly VaultStoreEngine _engine;
    private readonly RelationalDatabase _database;
    private readonly TimeProvider _time;

    private VaultStore(VaultStoreEngine engine, TimeProvider time)
    {
        _engine = engine;
        _database = engine.Database;
        _time = time;
    }

    /// <summary>Where the store is, for messages: the SQLite file, or "PostgreSQL" (never the connection string).</summary>
    public string Path => _engine.Description;

    /// <summary>True when several instances share this store (PostgreSQL).</summary>
    public bool IsShared => _engine.IsShared;

    /// <summary>Opens the SQLite store under <paramref name="paths"/>.</summary>
    public static Task<VaultStore> OpenAsync(VaultPaths paths, TimeProvider time, CancellationToken cancellationToken = default) =>
        OpenAsync(paths, VaultStoreLocation.Default, time, cancellationToken);

    /// <summary>
    /// Opens an existing store and checks its schema: SQLite refuses a missing file rather than creating an empty one;
    /// PostgreSQL applies the vault's migrations (several instances starting together take turns).
    /// </summary>
    public static async Task<VaultStore> OpenAsync(VaultPaths paths, VaultStoreLocation location, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsPostgres && !File.Exists(paths.Database))
        {
            throw new VaultStoreException($"No vault store at {paths.Database}; run: sigil-vault init");
        }
        return await MigratedAsync(CreateEngine(paths, location), time, cancellationToken);
    }

    /// <summary>Creates the SQLite store under <paramref name="paths"/>.</summary>
    public static Task<VaultStore> CreateAsync(VaultPaths paths, TimeProvider time, CancellationToken cancellationToken = default) =>
        CreateAsync(paths, VaultStoreLocation.Default, time, cancellationToken);

    /// <summary>Creates the store (SQLite: the file, 0600) and applies the schema; an existing store is migrated and kept.</summary>
    public static async Task<VaultStore> CreateAsync(VaultPaths paths, VaultStoreLocation location, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(location);
        VaultPaths.EnsureDirectory(paths.Directory);
        if (!location.IsPostgres)
        {
            SqliteFiles.CreatePrivate(paths.Database);
        }
        return await MigratedAsync(CreateEngine(paths, location), time, cancellationToken);
    }

    private static VaultStoreEngine CreateEngine(VaultPaths paths, VaultStoreLocation location) =>
        location.IsPostgres ? new PostgresVaultEngine(location.ConnectionString!, location.Watch) : new SqliteVaultEngine(paths.Database);

    private static async Task<VaultStore> MigratedAsync(VaultStoreEngine engine, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new VaultStore(engine, time);
        try
        {
            await store.GuardAsync(async () =>
            {
                await engine.MigrateAsync(time.GetUtcNow(), cancellationToken);
                return true;
            });
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The proxy's per-request source of the configuration version; the caller disposes it.</summary>
    public Task<IConfigVersionSource> CreateVersionSourceAsync(CancellationToken cancellationToken = default) =>
        _engine.CreateVersionSourceAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (SQLite's <c>BEGIN IMMEDIATE</c> with a full fsync at commit;
    /// PostgreSQL's behind the vault's advisory lock) and bumps the config version in the same transaction.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) =>
        GuardAsync(() => _database.WriteAsync(Durability.Full, async session =>
        {
            if (_engine.WriteLockSql is { } writeLock)
            {
                await session.RunAsync(writeLock, cancellationToken);
            }
            var result = await work(session);
            await session.RunAsync(_engine.BumpVersionSql, cancellationToken);
            return result;
        }, cancellationToken));

    private Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) =>
        GuardAsync(() => _database.ReadAsync(work, cancellationToken));

    /// <summary>
    /// A shared store that does not answer (connection refused, dropped, timed out) becomes
    /// <see cref="StoreUnavailableException"/>: the proxy's <c>DB_UNAVAILABLE</c>. An answer that is an error
    /// (a constraint, a missing table) stays what it is.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (_engine.IsShared && IsUnreachable(ex))
        {
            throw new StoreUnavailableException("The shared vault store (PostgreSQL) cannot be reached.", ex);
        }
    }

    /// <summary>True for a failure to reach PostgreSQL, as opposed to an error the server answered with.</summary>
    public static bool IsUnreachable(Exception exception) =>
        exception is (NpgsqlException and not PostgresException) or System.Net.Sockets.SocketException or TimeoutException ||
        (exception is DbException && exception.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException);

    private static DateTimeOffset FromDb(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static long ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
