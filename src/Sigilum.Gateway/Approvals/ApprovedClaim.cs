using System.Collections.Frozen;

namespace Sigilum.Gateway.Approvals;

/// <summary>One approved claim as the gateway needs it on the request path.</summary>
internal sealed record ApprovedClaim(string ClaimId, ApprovalKey Key, DateTimeOffset? ExpiresAt, FrozenSet<string> AllowedSubjects)
{
    /// <summary>Who approved (<c>&lt;method&gt;:&lt;owner id&gt;</c>, ADR 0062); null when the control plane did not say (older claims).</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>When the owner approved; null when the control plane did not say.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>
    /// True when the claim covers <paramref name="subject"/> at <paramref name="now"/>. Expiry is at
    /// <c>&gt;=</c> (CTL-08: one deterministic boundary rule); an empty subject list means any subject.
    /// </summary>
    public bool Covers(string? subject, DateTimeOffset now)
    {
        if (ExpiresAt is { } expires && now >= expires)
        {
            return false;
        }
        return AllowedSubjects.Count == 0 || (subject is not null && AllowedSubjects.Contains(subject));
    }
}
