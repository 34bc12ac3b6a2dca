namespace Sigilum.Gateway.Approvals;

/// <summary>Answers whether an agent key is approved for a service right now (the approvals cache in the host; a fixed answer in unit tests).</summary>
internal interface IApprovalSource
{
    ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now);
}
