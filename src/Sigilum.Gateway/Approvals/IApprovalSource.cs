namespace Sigilum.Gateway.Approvals;

/// <summary>Answers whether an agent key is approved for a service right now (the approvals cache in the host; a fixed answer in unit tests).</summary>
internal interface IApprovalSource
{
    ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now);

    /// <summary>
    /// The approved claim that covers the request right now, for the delegation chain in the release record (ADR 0062);
    /// null when none does or approvals cannot be confirmed. Never an authorisation decision by itself: <see cref="Decide"/> is.
    /// </summary>
    ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now);
}
