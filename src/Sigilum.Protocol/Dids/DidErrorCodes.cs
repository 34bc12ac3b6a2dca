using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Dids;

/// <summary>Stable error codes for DID parsing.</summary>
public static class DidErrorCodes
{
    /// <summary>Not a <c>did:sigilum:&lt;namespace&gt;</c> with a valid namespace.</summary>
    public const string SigilumDidInvalid = ErrorCatalogue.DidSigilumInvalid;

    /// <summary>Not a <c>did:key</c> holding an Ed25519 public key.</summary>
    public const string DidKeyInvalid = ErrorCatalogue.DidKeyInvalid;
}
