using Sigilum.Core.Services;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The service and service API key rows: column lists and mappings side by side so their order cannot drift.</summary>
internal static class ServiceRows
{
    public const string Columns = "id, namespace, slug, name, description, upstream_hosts, created_at, updated_at";

    public const string KeyColumns = "id, service_id, name, key_hash, last4, created_at, last_used_at, revoked_at";

    public static ServiceRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            Namespace = row.GetString(1),
            Slug = row.GetString(2),
            Name = row.GetString(3),
            Description = row.StringOrNull(4),
            UpstreamHosts = row.StringList(5),
            CreatedAt = row.Time(6),
            UpdatedAt = row.Time(7),
        };
    }

    public static ServiceApiKeyRecord ReadKey(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            ServiceId = row.GetString(1),
            Name = row.GetString(2),
            KeyHash = row.GetString(3),
            Last4 = row.GetString(4),
            CreatedAt = row.Time(5),
            LastUsedAt = row.TimeOrNull(6),
            RevokedAt = row.TimeOrNull(7),
        };
    }
}
