using Sigilum.Core.Usage;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The usage event row: column list and mapping side by side so their order cannot drift.</summary>
internal static class UsageRows
{
    public const string Columns = "event_id, namespace, service, public_key, subject, agent_id, outcome, status_code, duration_ms, method, path, node_id, created_at, protocol, action";

    public static readonly Func<StoredRow, UsageEvent> Read = RowMap.Of<UsageEvent>(Columns);
}
