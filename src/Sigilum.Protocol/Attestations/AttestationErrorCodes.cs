namespace Sigilum.Protocol.Attestations;

/// <summary>Stable error codes for intent-attestation claim checks (after the JWS itself verified).</summary>
public static class AttestationErrorCodes
{
    /// <summary><c>iss</c> is missing or not in the trusted set, even though the signature is valid.</summary>
    public const string IssuerUntrusted = "ATTESTATION_ISSUER_UNTRUSTED";

    /// <summary><c>aud</c> is missing, malformed, or does not contain an accepted audience.</summary>
    public const string AudienceInvalid = "ATTESTATION_AUDIENCE_INVALID";

    /// <summary><c>exp</c> is at or before now (no grace).</summary>
    public const string Expired = "ATTESTATION_EXPIRED";

    /// <summary><c>iat</c> or <c>nbf</c> is further in the future than the allowed skew.</summary>
    public const string NotYetValid = "ATTESTATION_NOT_YET_VALID";

    /// <summary><c>exp − iat</c> exceeds the maximum lifetime (60 s).</summary>
    public const string LifetimeTooLong = "ATTESTATION_LIFETIME_TOO_LONG";

    /// <summary><c>jti</c> is absent or empty, so replay cannot be detected.</summary>
    public const string JtiMissing = "ATTESTATION_JTI_MISSING";

    /// <summary>A claim has the wrong JSON type or shape (e.g. <c>exp</c> as a string or float, bad <c>intentHash</c>).</summary>
    public const string ClaimsInvalid = "ATTESTATION_CLAIMS_INVALID";

    /// <summary>The payload <c>kid</c> differs from the header <c>kid</c>.</summary>
    public const string KidMismatch = "ATTESTATION_KID_MISMATCH";

    /// <summary><c>intentHash</c> differs from the hash recomputed from the request.</summary>
    public const string IntentMismatch = "ATTESTATION_INTENT_MISMATCH";
}
