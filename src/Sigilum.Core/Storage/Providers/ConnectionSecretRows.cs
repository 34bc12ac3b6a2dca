using Sigilum.Core.Connections;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The connection secret version row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ConnectionSecretRows
{
    public const string Columns = "connection_id, version, sealed, created_at";

    public static readonly Func<StoredRow, ConnectionSecretRecord> Read = RowMap.Of<ConnectionSecretRecord>(Columns);
}
