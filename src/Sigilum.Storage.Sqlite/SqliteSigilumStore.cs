using Microsoft.Data.Sqlite;
using Sigilum.Core.Agents;
using Sigilum.Core.Attestations;
using Sigilum.Core.Claims;
using Sigilum.Core.Connections;
using Sigilum.Core.Generations;
using Sigilum.Core.Namespaces;
using Sigilum.Core.Nodes;
using Sigilum.Core.Nonces;
using Sigilum.Core.Passkeys;
using Sigilum.Core.Services;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Usage;
using Sigilum.Core.Webhooks;
using Sigilum.Core.Witness;
using Sigilum.Storage.Sqlite.Agents;
using Sigilum.Storage.Sqlite.Attestations;
using Sigilum.Storage.Sqlite.Claims;
using Sigilum.Storage.Sqlite.Connections;
using Sigilum.Storage.Sqlite.Generations;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Sqlite.Engine;
using Sigilum.Storage.Sqlite.Migrations;
using Sigilum.Storage.Sqlite.Namespaces;
using Sigilum.Storage.Sqlite.Nodes;
using Sigilum.Storage.Sqlite.Nonces;
using Sigilum.Storage.Sqlite.Passkeys;
using Sigilum.Storage.Sqlite.Services;
using Sigilum.Storage.Sqlite.Sessions;
using Sigilum.Storage.Sqlite.Usage;
using Sigilum.Storage.Sqlite.Webhooks;
using Sigilum.Storage.Sqlite.Witness;

namespace Sigilum.Storage.Sqlite;

/// <summary>
/// The control plane's store on one SQLite file (WAL). Several stores, threads or processes may share
/// the file: every read-then-write runs in <c>BEGIN IMMEDIATE</c>. Open it, then call
/// <see cref="MigrateAsync"/> (or use <see cref="OpenAsync"/>, which does both).
/// </summary>
public sealed class SqliteSigilumStore : ISigilumStore
{
    private readonly SqliteDatabase _database;
    private readonly ClaimChangeSignal _signal;
    private readonly TimeProvider _time;

    private SqliteSigilumStore(SqliteStoreOptions options)
    {
        _database = new SqliteDatabase(options.Path, options.BusyTimeout);
        _time = options.TimeProvider;
        Watcher = new SqliteChangeWatcher(_database, options.ChangePollInterval, options.TimeProvider);
        _signal = new ClaimChangeSignal(Watcher.ServeAsync, options.ChangePollInterval, options.TimeProvider);
        Namespaces = new SqliteNamespaceStore(_database);
        Services = new SqliteServiceStore(_database);
        Claims = new SqliteClaimStore(_database, _signal);
        Agents = new SqliteAgentStore(_database);
        Nodes = new SqliteNodeStore(_database);
        Nonces = new SqliteNonceStore(_database, options.NonceCapacity);
        Webhooks = new SqliteWebhookStore(_database);
        Usage = new SqliteUsageStore(_database);
        Checkpoints = new SqliteCheckpointStore(_database);
        Sessions = new SqliteSessionStore(_database);
        Passkeys = new SqlitePasskeyStore(_database);
        SigningKeys = new SqliteSigningKeyStore(_database);
        Connections = new SqliteConnectionStore(_database);
        Generation = new SqliteStoreGenerationStore(_database, options.TimeProvider);
    }

    public string Provider => "sqlite";

    /// <summary>Which native engine runs the file, e.g. <c>bundled 3.53.4</c>, for the startup posture line.</summary>
    public static string Engine => $"bundled {SqliteEngine.Version}";

    public string Path => _database.Path;

    public INamespaceStore Namespaces { get; }

    public IServiceStore Services { get; }

    public IClaimStore Claims { get; }

    public IAgentStore Agents { get; }

    public INodeStore Nodes { get; }

    public INonceStore Nonces { get; }

    public IWebhookStore Webhooks { get; }

    public IUsageStore Usage { get; }

    public ICheckpointStore Checkpoints { get; }

    public ISessionStore Sessions { get; }

    public IPasskeyStore Passkeys { get; }

    public ISigningKeyStore SigningKeys { get; }

    public IConnectionStore Connections { get; }

    public IStoreGenerationStore Generation { get; }

    public IClaimChangeSignal ChangeSignal => _signal;

    internal ClaimChangeSignal Signal => _signal;

    internal SqliteChangeWatcher Watcher { get; }

    /// <summary>
    /// Prepares the file (directory 0700 and database file 0600 on Unix: it holds sealed secrets and
    /// token hashes) and returns the store. The schema is not touched until <see cref="MigrateAsync"/>.
    /// </summary>
    public static SqliteSigilumStore Open(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ChangePollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        CreatePrivateFile(System.IO.Path.GetFullPath(options.Path));
        return new SqliteSigilumStore(options);
    }

    /// <summary><see cref="Open"/> followed by <see cref="MigrateAsync"/>.</summary>
    public static async Task<SqliteSigilumStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        var store = Open(options);
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

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        new SqliteMigrator(_database).MigrateAsync(_time.GetUtcNow(), cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _database.ReadAsync(async connection =>
            {
                await using var command = connection.Sql("SELECT 1");
                return await command.ScalarLongAsync(cancellationToken) == 1;
            }, cancellationToken);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _signal.DisposeAsync();
        await ((SqliteNonceStore)Nonces).DisposeAsync();
        ((SqliteConnectionStore)Connections).Dispose();
        // Idle pooled connections would keep the file open after the store is gone.
        using var connection = await _database.OpenAsync(Durability.Normal, CancellationToken.None);
        SqliteConnection.ClearPool(connection);
    }

    private static void CreatePrivateFile(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(path))
        {
            // SQLite gives the -wal and -shm files the database file's mode.
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
    }
}
