using Sigilum.Core.Witness;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The witnessed checkpoint row: column list and mapping side by side so their order cannot drift.</summary>
internal static class CheckpointRows
{
    public const string Columns = "node_id, namespace, seq, head, json, received_at";

    public static StoredCheckpoint Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            NodeId = row.GetString(0),
            Namespace = row.GetString(1),
            Seq = row.GetInt64(2),
            Head = row.GetString(3),
            Json = row.GetString(4),
            ReceivedAt = row.Time(5),
        };
    }
}
