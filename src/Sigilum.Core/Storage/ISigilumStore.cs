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
using Sigilum.Core.Usage;
using Sigilum.Core.Webhooks;
using Sigilum.Core.Witness;

namespace Sigilum.Core.Storage;

/// <summary>
/// One database: every store of the control plane and the gateway over one connection source. SQLite and PostgreSQL
/// implement it and pass the same conformance suite.
/// </summary>
public interface ISigilumStore : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    string Provider { get; }

    INamespaceStore Namespaces { get; }

    IServiceStore Services { get; }

    IClaimStore Claims { get; }

    IAgentStore Agents { get; }

    INodeStore Nodes { get; }

    INonceStore Nonces { get; }

    IWebhookStore Webhooks { get; }

    IUsageStore Usage { get; }

    ICheckpointStore Checkpoints { get; }

    ISessionStore Sessions { get; }

    /// <summary>Owners' passkeys for the dashboard and their ceremonies' challenges (ADR 0056).</summary>
    IPasskeyStore Passkeys { get; }

    ISigningKeyStore SigningKeys { get; }

    /// <summary>The gateway's upstream connections, credential variables and service API keys (sealed).</summary>
    IConnectionStore Connections { get; }

    /// <summary>The database's monotonic generation, which data-plane nodes witness in their audit chain (reliability STO-15).</summary>
    IStoreGenerationStore Generation { get; }

    /// <summary>Wakes readers of the claim change feed when it moves (this process's writes and other instances').</summary>
    IClaimChangeSignal ChangeSignal { get; }

    /// <summary>Applies numbered migrations not yet applied; safe to call from several instances at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>A cheap round trip, for readiness checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}
