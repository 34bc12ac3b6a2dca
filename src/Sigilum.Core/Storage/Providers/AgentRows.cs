using Sigilum.Core.Agents;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The agent row: column list and mapping side by side so their order cannot drift.</summary>
internal static class AgentRows
{
    public const string Columns = "namespace, public_key, key_id, name, first_seen_at, last_seen_at";

    public static AgentRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Namespace = row.GetString(0),
            PublicKey = row.GetString(1),
            KeyId = row.GetString(2),
            Name = row.StringOrNull(3),
            FirstSeenAt = row.Time(4),
            LastSeenAt = row.Time(5),
        };
    }
}
