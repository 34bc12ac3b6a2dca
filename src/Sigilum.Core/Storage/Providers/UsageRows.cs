using Sigilum.Core.Usage;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The usage event row: column list and mapping side by side so their order cannot drift.</summary>
internal static class UsageRows
{
    public const string Columns =
        "event_id, namespace, service, public_key, subject, agent_id, outcome, status_code, duration_ms, method, path, node_id, created_at, protocol, action";

    public static UsageEvent Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            EventId = row.GetString(0),
            Namespace = row.GetString(1),
            Service = row.GetString(2),
            PublicKey = row.GetString(3),
            Subject = row.StringOrNull(4),
            AgentId = row.StringOrNull(5),
            Outcome = row.GetString(6),
            StatusCode = row.IntOrNull(7),
            DurationMs = row.LongOrNull(8),
            Method = row.StringOrNull(9),
            Path = row.StringOrNull(10),
            NodeId = row.StringOrNull(11),
            CreatedAt = row.Time(12),
            Protocol = row.StringOrNull(13),
            Action = row.StringOrNull(14),
        };
    }
}
