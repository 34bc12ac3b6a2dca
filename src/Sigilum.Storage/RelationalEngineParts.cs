using Sigilum.Core.Nonces;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Usage;
using Sigilum.Storage.Webhooks;

namespace Sigilum.Storage;

/// <summary>What an engine implements its own way and hands to <see cref="RelationalSigilumStore"/>.</summary>
/// <param name="ServeChanges">Serves the claim change signal's waiters while anyone waits (SQLite's <c>data_version</c> watcher, PostgreSQL's LISTEN).</param>
/// <param name="ChangePollInterval">How often <paramref name="ServeChanges"/> also reads the feed head.</param>
/// <param name="Nonces">Replay protection.</param>
/// <param name="UsageBatches">The usage ingest's batch insert.</param>
/// <param name="Leases">Webhook delivery leases.</param>
/// <param name="ConnectionChangeStamp">The connection rows' change stamp (ADR 0033), null when the engine has none.</param>
internal sealed record RelationalEngineParts(
    Func<ChangeFeedWaiters, CancellationToken, Task> ServeChanges,
    TimeSpan ChangePollInterval,
    INonceStore Nonces,
    IUsageBatchWriter UsageBatches,
    IDeliveryLease Leases,
    Func<long?> ConnectionChangeStamp);
