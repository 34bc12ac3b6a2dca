namespace Sigilum.Gateway.Approvals;

/// <summary>The outcome of the last connection attempt, published as one object so status reads are consistent.</summary>
internal sealed record ApprovalsLink(int? StatusCode, string? Error);
