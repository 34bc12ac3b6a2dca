using Npgsql;
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
using Sigilum.Storage.Postgres.Agents;
using Sigilum.Storage.Postgres.Attestations;
using Sigilum.Storage.Postgres.Claims;
using Sigilum.Storage.Postgres.Connections;
using Sigilum.Storage.Postgres.Generations;
using Sigilum.Storage.Postgres.Data;
using Sigilum.Storage.Postgres.Migrations;
using Sigilum.Storage.Postgres.Namespaces;
using Sigilum.Storage.Postgres.Nodes;
using Sigilum.Storage.Postgres.Nonces;
using Sigilum.Storage.Postgres.Passkeys;
using Sigilum.Storage.Postgres.Services;
using Sigilum.Storage.Postgres.Sessions;
using Sigilum.Storage.Postgres.Usage;
using Sigilum.Storage.Postgres.Webhooks;
using Sigilum.Storage.Postgres.Witness;

namespace Sigilum.Storage.Postgres;

/// <summary>
/// The control plane's store on PostgreSQL, for several control-plane, gateway or vault instances
/// sharing one database: replay state by insert-if-absent, claim changes fanned out by
/// LISTEN/NOTIFY, webhook work shared with SKIP LOCKED. Create it, then call
/// <see cref="MigrateAsync"/> (or use <see cref="CreateAsync"/>, which does both).
/// </summary>
public sealed class PostgresSigilumStore : ISigilumStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresDatabase _database;
    private readonly ClaimChangeSignal _signal;
    private readonly TimeProvider _time;

    private PostgresSigilumStore(PostgresStoreOptions options)
    {
        _source = NpgsqlDataSource.Create(options.ConnectionString);
        _database = new PostgresDatabase(_source);
        _time = options.TimeProvider;
        Listener = new PostgresChangeListener(_database, options.ChangePollInterval, options.TimeProvider);
        _signal = new ClaimChangeSignal(Listener.ServeAsync, options.ChangePollInterval, options.TimeProvider);
        Namespaces = new PostgresNamespaceStore(_database);
        Services = new PostgresServiceStore(_database);
        Claims = new PostgresClaimStore(_database, _signal);
        Agents = new PostgresAgentStore(_database);
        Nodes = new PostgresNodeStore(_database);
        Nonces = new PostgresNonceStore(_database, options.NonceCapacity);
        Webhooks = new PostgresWebhookStore(_database);
        Usage = new PostgresUsageStore(_database);
        Checkpoints = new PostgresCheckpointStore(_database);
        Sessions = new PostgresSessionStore(_database);
        Passkeys = new PostgresPasskeyStore(_database);
        SigningKeys = new PostgresSigningKeyStore(_database);
        Connections = new PostgresConnectionStore(_database);
        Generation = new PostgresStoreGenerationStore(_database, options.TimeProvider);
    }

    public string Provider => "postgres";

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

    internal PostgresChangeListener Listener { get; }

    /// <summary>Builds the connection pool; nothing is sent to the server until the first operation.</summary>
    public static PostgresSigilumStore Create(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NonceCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ChangePollInterval, TimeSpan.Zero);
        return new PostgresSigilumStore(options);
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

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        new PostgresMigrator(_database).MigrateAsync(_time.GetUtcNow(), cancellationToken);

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
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _signal.DisposeAsync();
        await _source.DisposeAsync();
    }
}
