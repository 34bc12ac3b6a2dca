using Sigilum.Core.Sessions;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The owner session row: column list and mapping side by side so their order cannot drift.</summary>
internal static class SessionRows
{
    public const string Columns = "token_hash, owner_id, namespace, kind, created_at, expires_at, consumed_at, revoked_at";

    public static readonly Func<StoredRow, OwnerSession> Read = RowMap.Of<OwnerSession>(Columns);
}
