using Sigilum.Core.Witness;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The witnessed checkpoint row: column list and mapping side by side so their order cannot drift.</summary>
internal static class CheckpointRows
{
    public const string Columns = "node_id, namespace, seq, head, json, received_at";

    public static readonly Func<StoredRow, StoredCheckpoint> Read = RowMap.Of<StoredCheckpoint>(Columns);
}
