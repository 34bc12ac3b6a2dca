using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Stable <c>SIG_*</c> codes of signature verification, shared with the reference SDKs (spec §1.6).
/// Codes marked "ours" do not exist there; they refine a case the reference folds into another code.
/// </summary>
public static class SignatureErrorCodes
{
    /// <summary>A signature-relevant header appears more than once (ours; reliability SIG-04/SIG-18).</summary>
    public const string DuplicateHeader = ErrorCatalogue.SigDuplicateHeader;

    /// <summary>A request header is named like a derived component, e.g. <c>@method</c> (ours; reliability SIG-11).</summary>
    public const string HeaderNameInvalid = ErrorCatalogue.SigHeaderNameInvalid;

    /// <summary>signature-input or signature header absent.</summary>
    public const string MissingSignatureHeaders = ErrorCatalogue.SigMissingSignatureHeaders;

    /// <summary>signature-input not in the profile's exact shape.</summary>
    public const string SignatureInputInvalid = ErrorCatalogue.SigSignatureInputInvalid;

    /// <summary>created not a positive integer.</summary>
    public const string CreatedInvalid = ErrorCatalogue.SigCreatedInvalid;

    /// <summary>alg other than ed25519.</summary>
    public const string AlgorithmUnsupported = ErrorCatalogue.SigAlgorithmUnsupported;

    /// <summary>created older than the max age or in the future beyond the skew.</summary>
    public const string TimestampOutOfRange = ErrorCatalogue.SigTimestampOutOfRange;

    /// <summary>nonce already seen in its namespace.</summary>
    public const string ReplayDetected = ErrorCatalogue.SigReplayDetected;

    /// <summary>nonce shorter than 22 or longer than 128 characters, outside base64url, or with fewer than 6 distinct characters (ours, ADR 0025).</summary>
    public const string NonceInvalid = ErrorCatalogue.SigNonceInvalid;

    /// <summary>signature header not <c>sig1=:&lt;base64 of 64 bytes&gt;:</c>.</summary>
    public const string SignatureHeaderInvalid = ErrorCatalogue.SigSignatureHeaderInvalid;

    /// <summary>a covered component could not be built (missing or invalid header value).</summary>
    public const string SigningBaseInvalid = ErrorCatalogue.SigSigningBaseInvalid;

    /// <summary>sigilum-agent-cert absent.</summary>
    public const string CertHeaderMissing = ErrorCatalogue.SigCertHeaderMissing;

    /// <summary>sigilum-agent-cert not base64url JSON of a v1 certificate.</summary>
    public const string CertHeaderInvalid = ErrorCatalogue.SigCertHeaderInvalid;

    /// <summary>certificate proof does not verify.</summary>
    public const string CertInvalid = ErrorCatalogue.SigCertInvalid;

    /// <summary>sigilum-agent-key absent.</summary>
    public const string KeyHeaderMissing = ErrorCatalogue.SigKeyHeaderMissing;

    /// <summary>sigilum-agent-key differs from the certificate key.</summary>
    public const string KeyMismatch = ErrorCatalogue.SigKeyMismatch;

    /// <summary>sigilum-namespace differs from the certificate namespace.</summary>
    public const string NamespaceMismatch = ErrorCatalogue.SigNamespaceMismatch;

    /// <summary>sigilum-subject empty.</summary>
    public const string SubjectMissing = ErrorCatalogue.SigSubjectMissing;

    /// <summary>sigilum-subject not covered by the signature.</summary>
    public const string SubjectComponentMissing = ErrorCatalogue.SigSubjectComponentMissing;

    /// <summary>covered components are not exactly one of the profile's sequences.</summary>
    public const string SignedComponentsInvalid = ErrorCatalogue.SigSignedComponentsInvalid;

    /// <summary>namespace differs from the one the caller expected.</summary>
    public const string ExpectedNamespaceMismatch = ErrorCatalogue.SigExpectedNamespaceMismatch;

    /// <summary>subject differs from the one the caller expected.</summary>
    public const string ExpectedSubjectMismatch = ErrorCatalogue.SigExpectedSubjectMismatch;

    /// <summary>keyid parameter differs from the certificate key id.</summary>
    public const string KeyIdMismatch = ErrorCatalogue.SigKeyIdMismatch;

    /// <summary>content-digest does not match the received body.</summary>
    public const string ContentDigestMismatch = ErrorCatalogue.SigContentDigestMismatch;

    /// <summary>content-digest malformed or names no accepted algorithm (ours).</summary>
    public const string ContentDigestInvalid = ErrorCatalogue.SigContentDigestInvalid;

    /// <summary>sigilum-agent-key not <c>ed25519:&lt;base64 of 32 bytes&gt;</c>.</summary>
    public const string KeyHeaderInvalid = ErrorCatalogue.SigKeyHeaderInvalid;

    /// <summary>Ed25519 verification failed.</summary>
    public const string VerificationFailed = ErrorCatalogue.SigVerificationFailed;

    /// <summary>unexpected failure inside the verifier (never carries exception text).</summary>
    public const string InternalError = ErrorCatalogue.SigInternalError;
}
