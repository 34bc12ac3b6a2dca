namespace Sigilum.Gateway.Approvals;

/// <summary>What the approvals cache says about one (namespace, key, service, subject) on one request.</summary>
internal enum ApprovalDecision
{
    /// <summary>An approved, unexpired claim covers the caller.</summary>
    Approved,

    /// <summary>The cache is current and no approved claim covers the caller.</summary>
    NotApproved,

    /// <summary>
    /// The cache cannot vouch for its contents (no snapshot yet, or the stream has been silent past the
    /// staleness bound); the gateway answers <c>AUTH_CLAIMS_UNAVAILABLE</c> rather than trust old data.
    /// </summary>
    Unavailable,
}
