using Sigilum.Core.Namespaces;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The namespace and owner rows: column lists and mappings side by side so their order cannot drift.</summary>
internal static class NamespaceRows
{
    public const string Columns = "name, owner_id, created_at";

    public const string OwnerColumns = "id, namespace, email, password_hash, public_key, created_at";

    public static NamespaceRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new() { Name = row.GetString(0), OwnerId = row.GetString(1), CreatedAt = row.Time(2) };
    }

    public static OwnerRecord ReadOwner(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            Namespace = row.GetString(1),
            Email = row.StringOrNull(2),
            PasswordHash = row.StringOrNull(3),
            PublicKey = row.StringOrNull(4),
            CreatedAt = row.Time(5),
        };
    }
}
