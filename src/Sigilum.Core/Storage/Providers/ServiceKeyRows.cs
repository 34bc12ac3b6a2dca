using Sigilum.Core.Connections;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The connection service key row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ServiceKeyRows
{
    public const string Columns = "connection_id, sealed_key, updated_at";

    public static readonly Func<StoredRow, ServiceKeyRecord> Read = RowMap.Of<ServiceKeyRecord>(Columns);
}
