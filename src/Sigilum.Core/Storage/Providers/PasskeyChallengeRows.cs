using Sigilum.Core.Passkeys;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The passkey challenge row: column list and mapping side by side so their order cannot drift.</summary>
internal static class PasskeyChallengeRows
{
    public const string Columns = "token_hash, ceremony, session_hash, owner_id, options_json, created_at, expires_at, consumed_at";

    public static readonly Func<StoredRow, PasskeyChallenge> Read = RowMap.Of<PasskeyChallenge>(Columns);
}
