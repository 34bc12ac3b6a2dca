using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

/// <summary>Stable error codes for JWK, JWKS and JWS failures (carried in <see cref="ProtocolError.Code"/>).</summary>
public static class JoseErrorCodes
{
    /// <summary>A JWK is not a well-formed Ed25519 public key (bad <c>x</c>, private part, wrong <c>use</c>/<c>alg</c>).</summary>
    public const string JwkInvalid = ErrorCatalogue.JwkInvalid;

    /// <summary>A JWK is well formed but not an OKP/Ed25519 key; key sets skip these.</summary>
    public const string JwkUnsupported = ErrorCatalogue.JwkUnsupported;

    /// <summary>A key set is not <c>{"keys":[...]}</c>, holds an invalid Ed25519 key, or repeats a <c>kid</c>.</summary>
    public const string JwksInvalid = ErrorCatalogue.JwksInvalid;

    /// <summary>The token is not three canonical base64url segments of JSON objects.</summary>
    public const string JwsMalformed = ErrorCatalogue.JwsMalformed;

    /// <summary>The token is longer than the configured limit.</summary>
    public const string JwsTooLarge = ErrorCatalogue.JwsTooLarge;

    /// <summary>The header <c>alg</c> is anything but exactly <c>EdDSA</c>.</summary>
    public const string JwsAlgUnsupported = ErrorCatalogue.JwsAlgUnsupported;

    /// <summary>The header carries a member we refuse (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>, <c>crit</c>, ...).</summary>
    public const string JwsHeaderForbidden = ErrorCatalogue.JwsHeaderForbidden;

    /// <summary>The header <c>typ</c> is not the type the caller requires.</summary>
    public const string JwsTypeInvalid = ErrorCatalogue.JwsTypeInvalid;

    /// <summary>The header has no usable <c>kid</c>.</summary>
    public const string JwsKidMissing = ErrorCatalogue.JwsKidMissing;

    /// <summary>The header <c>kid</c> is too long or contains control characters.</summary>
    public const string JwsKidInvalid = ErrorCatalogue.JwsKidInvalid;

    /// <summary>No trusted key has the header's <c>kid</c>.</summary>
    public const string JwsKidUnknown = ErrorCatalogue.JwsKidUnknown;

    /// <summary>The Ed25519 signature does not verify with the key named by <c>kid</c>.</summary>
    public const string JwsSignatureInvalid = ErrorCatalogue.JwsSignatureInvalid;
}
