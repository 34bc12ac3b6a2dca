using Sigilum.Core.Sessions;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The owner session row: column list and mapping side by side so their order cannot drift.</summary>
internal static class SessionRows
{
    public const string Columns = "token_hash, owner_id, namespace, kind, created_at, expires_at, consumed_at, revoked_at";

    public static OwnerSession Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            TokenHash = row.GetString(0),
            OwnerId = row.GetString(1),
            Namespace = row.GetString(2),
            Kind = EnumText.ToSessionKind(row.GetString(3)),
            CreatedAt = row.Time(4),
            ExpiresAt = row.Time(5),
            ConsumedAt = row.TimeOrNull(6),
            RevokedAt = row.TimeOrNull(7),
        };
    }
}
