using Sigilum.Core.Nonces;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Usage;
using Sigilum.Storage.Webhooks;

namespace Sigilum.Storage;

/// <summary>What an engine implements its own way and hands to <see cref="RelationalSigilumStore"/>.</summary>
internal sealed record RelationalEngineParts(
    ClaimChangeSignal Signal,
    INonceStore Nonces,
    IUsageBatchWriter UsageBatches,
    IDeliveryLease Leases,
    Func<long?> ConnectionChangeStamp);
