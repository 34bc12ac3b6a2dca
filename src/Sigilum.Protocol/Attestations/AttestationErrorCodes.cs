using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Attestations;

/// <summary>Stable error codes for intent-attestation claim checks (after the JWS itself verified).</summary>
public static class AttestationErrorCodes
{
    /// <summary><c>iss</c> is missing or not in the trusted set, even though the signature is valid.</summary>
    public const string IssuerUntrusted = ErrorCatalogue.AttestationIssuerUntrusted;

    /// <summary><c>aud</c> is missing, malformed, or does not contain an accepted audience.</summary>
    public const string AudienceInvalid = ErrorCatalogue.AttestationAudienceInvalid;

    /// <summary><c>exp</c> is at or before now (no grace).</summary>
    public const string Expired = ErrorCatalogue.AttestationExpired;

    /// <summary><c>iat</c> or <c>nbf</c> is further in the future than the allowed skew.</summary>
    public const string NotYetValid = ErrorCatalogue.AttestationNotYetValid;

    /// <summary><c>exp − iat</c> exceeds the maximum lifetime (60 s).</summary>
    public const string LifetimeTooLong = ErrorCatalogue.AttestationLifetimeTooLong;

    /// <summary><c>jti</c> is absent or empty, so replay cannot be detected.</summary>
    public const string JtiMissing = ErrorCatalogue.AttestationJtiMissing;

    /// <summary>A claim has the wrong JSON type or shape (e.g. <c>exp</c> as a string or float, bad <c>intentHash</c>).</summary>
    public const string ClaimsInvalid = ErrorCatalogue.AttestationClaimsInvalid;

    /// <summary>The payload <c>kid</c> differs from the header <c>kid</c>.</summary>
    public const string KidMismatch = ErrorCatalogue.AttestationKidMismatch;

    /// <summary><c>intentHash</c> differs from the hash recomputed from the request.</summary>
    public const string IntentMismatch = ErrorCatalogue.AttestationIntentMismatch;
}
