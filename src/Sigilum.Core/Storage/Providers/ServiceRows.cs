using Sigilum.Core.Services;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The service row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ServiceRows
{
    public const string Columns = "id, namespace, slug, name, description, upstream_hosts, created_at, updated_at";

    public static readonly Func<StoredRow, ServiceRecord> Read = RowMap.Of<ServiceRecord>(Columns);
}
