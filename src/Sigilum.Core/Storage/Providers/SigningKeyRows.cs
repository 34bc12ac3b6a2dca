using Sigilum.Core.Attestations;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The attestation signing key row: column list and mapping side by side so their order cannot drift.</summary>
internal static class SigningKeyRows
{
    public const string Columns = "kid, public_key, sealed_seed, created_at, retired_at";

    public static readonly Func<StoredRow, SigningKeyRecord> Read = RowMap.Of<SigningKeyRecord>(Columns);
}
