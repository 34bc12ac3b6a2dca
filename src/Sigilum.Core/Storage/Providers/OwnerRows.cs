using Sigilum.Core.Namespaces;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The owner row: column list and mapping side by side so their order cannot drift.</summary>
internal static class OwnerRows
{
    public const string Columns = "id, namespace, email, password_hash, public_key, created_at";

    public static readonly Func<StoredRow, OwnerRecord> Read = RowMap.Of<OwnerRecord>(Columns);
}
