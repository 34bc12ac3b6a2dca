namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Stable <c>SIG_*</c> codes of signature verification, shared with the reference SDKs (spec §1.6).
/// Codes marked "ours" do not exist there; they refine a case the reference folds into another code.
/// </summary>
public static class SignatureErrorCodes
{
    /// <summary>A signature-relevant header appears more than once (ours; reliability SIG-04/SIG-18).</summary>
    public const string DuplicateHeader = "SIG_DUPLICATE_HEADER";

    /// <summary>A request header is named like a derived component, e.g. <c>@method</c> (ours; reliability SIG-11).</summary>
    public const string HeaderNameInvalid = "SIG_HEADER_NAME_INVALID";

    /// <summary>signature-input or signature header absent.</summary>
    public const string MissingSignatureHeaders = "SIG_MISSING_SIGNATURE_HEADERS";

    /// <summary>signature-input not in the profile's exact shape.</summary>
    public const string SignatureInputInvalid = "SIG_SIGNATURE_INPUT_INVALID";

    /// <summary>created not a positive integer.</summary>
    public const string CreatedInvalid = "SIG_CREATED_INVALID";

    /// <summary>alg other than ed25519.</summary>
    public const string AlgorithmUnsupported = "SIG_ALGORITHM_UNSUPPORTED";

    /// <summary>created older than the max age or in the future beyond the skew.</summary>
    public const string TimestampOutOfRange = "SIG_TIMESTAMP_OUT_OF_RANGE";

    /// <summary>nonce already seen in its namespace.</summary>
    public const string ReplayDetected = "SIG_REPLAY_DETECTED";

    /// <summary>nonce shorter than 22 or longer than 128 characters, outside base64url, or with fewer than 6 distinct characters (ours, ADR 0025).</summary>
    public const string NonceInvalid = "SIG_NONCE_INVALID";

    /// <summary>signature header not <c>sig1=:&lt;base64 of 64 bytes&gt;:</c>.</summary>
    public const string SignatureHeaderInvalid = "SIG_SIGNATURE_HEADER_INVALID";

    /// <summary>a covered component could not be built (missing or invalid header value).</summary>
    public const string SigningBaseInvalid = "SIG_SIGNING_BASE_INVALID";

    /// <summary>sigilum-agent-cert absent.</summary>
    public const string CertHeaderMissing = "SIG_CERT_HEADER_MISSING";

    /// <summary>sigilum-agent-cert not base64url JSON of a v1 certificate.</summary>
    public const string CertHeaderInvalid = "SIG_CERT_HEADER_INVALID";

    /// <summary>certificate proof does not verify.</summary>
    public const string CertInvalid = "SIG_CERT_INVALID";

    /// <summary>sigilum-agent-key absent.</summary>
    public const string KeyHeaderMissing = "SIG_KEY_HEADER_MISSING";

    /// <summary>sigilum-agent-key differs from the certificate key.</summary>
    public const string KeyMismatch = "SIG_KEY_MISMATCH";

    /// <summary>sigilum-namespace differs from the certificate namespace.</summary>
    public const string NamespaceMismatch = "SIG_NAMESPACE_MISMATCH";

    /// <summary>sigilum-subject empty.</summary>
    public const string SubjectMissing = "SIG_SUBJECT_MISSING";

    /// <summary>sigilum-subject not covered by the signature.</summary>
    public const string SubjectComponentMissing = "SIG_SUBJECT_COMPONENT_MISSING";

    /// <summary>covered components are not exactly one of the profile's sequences.</summary>
    public const string SignedComponentsInvalid = "SIG_SIGNED_COMPONENTS_INVALID";

    /// <summary>namespace differs from the one the caller expected.</summary>
    public const string ExpectedNamespaceMismatch = "SIG_EXPECTED_NAMESPACE_MISMATCH";

    /// <summary>subject differs from the one the caller expected.</summary>
    public const string ExpectedSubjectMismatch = "SIG_EXPECTED_SUBJECT_MISMATCH";

    /// <summary>keyid parameter differs from the certificate key id.</summary>
    public const string KeyIdMismatch = "SIG_KEY_ID_MISMATCH";

    /// <summary>content-digest does not match the received body.</summary>
    public const string ContentDigestMismatch = "SIG_CONTENT_DIGEST_MISMATCH";

    /// <summary>content-digest malformed or names no accepted algorithm (ours).</summary>
    public const string ContentDigestInvalid = "SIG_CONTENT_DIGEST_INVALID";

    /// <summary>sigilum-agent-key not <c>ed25519:&lt;base64 of 32 bytes&gt;</c>.</summary>
    public const string KeyHeaderInvalid = "SIG_KEY_HEADER_INVALID";

    /// <summary>Ed25519 verification failed.</summary>
    public const string VerificationFailed = "SIG_VERIFICATION_FAILED";

    /// <summary>unexpected failure inside the verifier (never carries exception text).</summary>
    public const string InternalError = "SIG_INTERNAL_ERROR";
}
