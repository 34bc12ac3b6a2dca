using Sigilum.Core.Agents;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The agent row: column list and mapping side by side so their order cannot drift.</summary>
internal static class AgentRows
{
    public const string Columns = "namespace, public_key, key_id, name, first_seen_at, last_seen_at";

    public static readonly Func<StoredRow, AgentRecord> Read = RowMap.Of<AgentRecord>(Columns);
}
