using Sigilum.Core.Nodes;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The data-plane node row: column list and mapping side by side so their order cannot drift.</summary>
internal static class NodeRows
{
    public const string Columns = "id, namespace, kind, name, public_key, version, registered_at, last_seen_at";

    public static DataPlaneNode Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            Namespace = row.GetString(1),
            Kind = EnumText.ToDataPlaneKind(row.GetString(2)),
            Name = row.GetString(3),
            PublicKey = row.GetString(4),
            Version = row.StringOrNull(5),
            RegisteredAt = row.Time(6),
            LastSeenAt = row.TimeOrNull(7),
        };
    }
}
