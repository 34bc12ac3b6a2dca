using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// <c>error_code</c> values of a DENIED decision, in Sign's <c>SIGIL_*</c> style. Stable: agents and
/// docs/attestations.md key on them.
/// </summary>
internal static class AuthorizeErrorCodes
{
    /// <summary>No service of the signer's namespace lists the intent's host.</summary>
    public const string NoServiceForHost = ErrorCatalogue.SigilNoServiceForHost;

    /// <summary>Several services list the host equally specifically and none is approved for this key.</summary>
    public const string ServiceAmbiguous = ErrorCatalogue.SigilServiceAmbiguous;

    /// <summary>The owner rejected this key's request for the service.</summary>
    public const string ClaimRejected = ErrorCatalogue.SigilClaimRejected;

    /// <summary>The owner revoked this key's approval for the service.</summary>
    public const string ClaimRevoked = ErrorCatalogue.SigilClaimRevoked;

    /// <summary>The approval's expiry has passed.</summary>
    public const string ApprovalExpired = ErrorCatalogue.SigilApprovalExpired;

    /// <summary>The approval is limited to subjects that do not include the signer's.</summary>
    public const string SubjectNotAllowed = ErrorCatalogue.SigilSubjectNotAllowed;

    /// <summary>The namespace has too many pending holds to file another.</summary>
    public const string HoldLimit = ErrorCatalogue.SigilHoldLimit;
}
