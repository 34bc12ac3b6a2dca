using Sigilum.Core.Namespaces;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The namespace row: column list and mapping side by side so their order cannot drift.</summary>
internal static class NamespaceRows
{
    public const string Columns = "name, owner_id, created_at";

    public static readonly Func<StoredRow, NamespaceRecord> Read = RowMap.Of<NamespaceRecord>(Columns);
}
