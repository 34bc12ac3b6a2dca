using Sigilum.Core.Passkeys;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The passkey and passkey-challenge rows: column lists and mappings side by side so their order cannot drift.</summary>
internal static class PasskeyRows
{
    public const string Columns = "credential_id, owner_id, namespace, public_key, user_handle, sign_count, transports, name, created_at, last_used_at";

    public const string ChallengeColumns = "token_hash, ceremony, session_hash, owner_id, options_json, created_at, expires_at, consumed_at";

    public static OwnerPasskey Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            CredentialId = row.GetString(0),
            OwnerId = row.GetString(1),
            Namespace = row.GetString(2),
            PublicKey = row.Bytes(3),
            UserHandle = row.Bytes(4),
            SignCount = row.GetInt64(5),
            Transports = row.StringList(6),
            Name = row.GetString(7),
            CreatedAt = row.Time(8),
            LastUsedAt = row.TimeOrNull(9),
        };
    }

    public static PasskeyChallenge ReadChallenge(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            TokenHash = row.GetString(0),
            Ceremony = ToCeremony(row.GetString(1)),
            SessionHash = row.GetString(2),
            OwnerId = row.StringOrNull(3),
            OptionsJson = row.GetString(4),
            CreatedAt = row.Time(5),
            ExpiresAt = row.Time(6),
            ConsumedAt = row.TimeOrNull(7),
        };
    }

    public static string Of(PasskeyCeremony ceremony) => ceremony switch
    {
        PasskeyCeremony.Registration => "registration",
        PasskeyCeremony.SignIn => "sign_in",
        _ => throw new ArgumentOutOfRangeException(nameof(ceremony), ceremony, null),
    };

    // An unknown value read back means a corrupt or newer database: throw, never map to a default.
    private static PasskeyCeremony ToCeremony(string text) => text switch
    {
        "registration" => PasskeyCeremony.Registration,
        "sign_in" => PasskeyCeremony.SignIn,
        _ => throw new InvalidDataException($"Unknown passkey ceremony '{text}' in the database."),
    };
}
