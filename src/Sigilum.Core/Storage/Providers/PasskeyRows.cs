using Sigilum.Core.Passkeys;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The passkey row: column list and mapping side by side so their order cannot drift.</summary>
internal static class PasskeyRows
{
    public const string Columns = "credential_id, owner_id, namespace, public_key, user_handle, sign_count, transports, name, created_at, last_used_at";

    public static readonly Func<StoredRow, OwnerPasskey> Read = RowMap.Of<OwnerPasskey>(Columns);
}
