using Sigilum.Core.Nodes;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The data-plane node row: column list and mapping side by side so their order cannot drift.</summary>
internal static class NodeRows
{
    public const string Columns = "id, namespace, kind, name, public_key, version, registered_at, last_seen_at";

    public static readonly Func<StoredRow, DataPlaneNode> Read = RowMap.Of<DataPlaneNode>(Columns);
}
