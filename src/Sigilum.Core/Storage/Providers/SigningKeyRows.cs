using Sigilum.Core.Attestations;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The attestation signing key row: column list and mapping side by side so their order cannot drift.</summary>
internal static class SigningKeyRows
{
    public const string Columns = "kid, public_key, sealed_seed, created_at, retired_at";

    public static SigningKeyRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Kid = row.GetString(0),
            PublicKey = row.Bytes(1),
            SealedSeed = row.Bytes(2),
            CreatedAt = row.Time(3),
            RetiredAt = row.TimeOrNull(4),
        };
    }
}
