using System.Data.Common;
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
using Sigilum.Storage.Agents;
using Sigilum.Storage.Attestations;
using Sigilum.Storage.Claims;
using Sigilum.Storage.Connections;
using Sigilum.Storage.Data;
using Sigilum.Storage.Generations;
using Sigilum.Storage.Namespaces;
using Sigilum.Storage.Nodes;
using Sigilum.Storage.Passkeys;
using Sigilum.Storage.Services;
using Sigilum.Storage.Sessions;
using Sigilum.Storage.Usage;
using Sigilum.Storage.Webhooks;
using Sigilum.Storage.Witness;

namespace Sigilum.Storage;

/// <summary>
/// The control plane's store over one relational database: every aggregate's SQL written once (ADR 0053). An engine
/// (<c>SqliteSigilumStore</c>, <c>PostgresSigilumStore</c>) supplies its database, dialect and the parts that truly
/// differ — nonces, the claim change feed's wake-up, usage batches, webhook leases, the connection change stamp — and
/// its migrations.
/// </summary>
public abstract class RelationalSigilumStore : ISigilumStore
{
    private readonly ClaimChangeSignal _signal;
    private readonly TimeProvider _time;

    private protected RelationalSigilumStore(RelationalDatabase database, RelationalEngineParts parts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(parts);
        Database = database;
        _time = time;
        _signal = new ClaimChangeSignal(parts.ServeChanges, parts.ChangePollInterval, time);
        Namespaces = new SqlNamespaceStore(database);
        Services = new SqlServiceStore(database);
        Claims = new SqlClaimStore(database, _signal);
        Agents = new SqlAgentStore(database);
        Nodes = new SqlNodeStore(database);
        Nonces = parts.Nonces;
        Webhooks = new SqlWebhookStore(database, parts.Leases);
        Usage = new SqlUsageStore(database, parts.UsageBatches);
        Checkpoints = new SqlCheckpointStore(database);
        Sessions = new SqlSessionStore(database);
        Passkeys = new SqlPasskeyStore(database);
        SigningKeys = new SqlSigningKeyStore(database);
        Connections = new SqlConnectionStore(database, parts.ConnectionChangeStamp);
        Generation = new SqlStoreGenerationStore(database, time);
    }

    public abstract string Provider { get; }

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

    /// <summary>Owners' passkeys for the dashboard and their ceremonies' challenges (ADR 0056).</summary>
    public IPasskeyStore Passkeys { get; }

    public ISigningKeyStore SigningKeys { get; }

    public IConnectionStore Connections { get; }

    public IStoreGenerationStore Generation { get; }

    public IClaimChangeSignal ChangeSignal => _signal;

    internal ClaimChangeSignal Signal => _signal;

    private protected RelationalDatabase Database { get; }

    /// <summary>Applies the engine's numbered migrations not yet applied; safe to call from several instances at once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken = default) => ApplyMigrationsAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>A cheap round trip; false when the database cannot be reached (any provider error).</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await Database.ReadAsync(async session =>
            {
                await using var command = session.Sql("SELECT 1");
                return await command.ScalarLongAsync(cancellationToken) == 1;
            }, cancellationToken);
        }
        catch (DbException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _signal.DisposeAsync();
        await DisposeEngineAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The engine's migrator; returns how many migrations it applied.</summary>
    private protected abstract Task<int> ApplyMigrationsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Migrates a store just built, disposing it when that fails (the engines' <c>OpenAsync</c>/<c>CreateAsync</c>).</summary>
    private protected static async Task<TStore> MigratedAsync<TStore>(TStore store, CancellationToken cancellationToken)
        where TStore : RelationalSigilumStore
    {
        ArgumentNullException.ThrowIfNull(store);
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

    /// <summary>Releases what the engine holds (nonce writer, pools, stamp connection) after the change signal has stopped.</summary>
    private protected abstract ValueTask DisposeEngineAsync();
}
