namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// <c>error_code</c> values of a DENIED decision, in Sign's <c>SIGIL_*</c> style. Stable: agents and
/// docs/attestations.md key on them.
/// </summary>
internal static class AuthorizeErrorCodes
{
    /// <summary>No service of the signer's namespace lists the intent's host.</summary>
    public const string NoServiceForHost = "SIGIL_NO_SERVICE_FOR_HOST";

    /// <summary>Several services list the host equally specifically and none is approved for this key.</summary>
    public const string ServiceAmbiguous = "SIGIL_SERVICE_AMBIGUOUS";

    /// <summary>The owner rejected this key's request for the service.</summary>
    public const string ClaimRejected = "SIGIL_CLAIM_REJECTED";

    /// <summary>The owner revoked this key's approval for the service.</summary>
    public const string ClaimRevoked = "SIGIL_CLAIM_REVOKED";

    /// <summary>The approval's expiry has passed.</summary>
    public const string ApprovalExpired = "SIGIL_APPROVAL_EXPIRED";

    /// <summary>The approval is limited to subjects that do not include the signer's.</summary>
    public const string SubjectNotAllowed = "SIGIL_SUBJECT_NOT_ALLOWED";

    /// <summary>The namespace has too many pending holds to file another.</summary>
    public const string HoldLimit = "SIGIL_HOLD_LIMIT";
}
