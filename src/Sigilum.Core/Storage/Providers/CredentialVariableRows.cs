using Sigilum.Core.Connections;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The credential variable row: column list and mapping side by side so their order cannot drift.</summary>
internal static class CredentialVariableRows
{
    public const string Columns = "key, sealed_value, created_at, updated_at, created_by_subject";

    public static readonly Func<StoredRow, CredentialVariableRecord> Read = RowMap.Of<CredentialVariableRecord>(Columns);
}
