using Sigilum.Core.Services;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The service API key row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ServiceApiKeyRows
{
    public const string Columns = "id, service_id, name, key_hash, last4, created_at, last_used_at, revoked_at";

    public static readonly Func<StoredRow, ServiceApiKeyRecord> Read = RowMap.Of<ServiceApiKeyRecord>(Columns);
}
