namespace Sigilum.Core.Claims;

/// <summary>
/// A request by an agent key for access to a service in a namespace: the unit a person approves.
/// At most one claim exists per ⟨namespace, service, public key⟩.
/// </summary>
public sealed record ClaimRecord
{
    /// <summary><c>cl_</c> + 24 lower-case hex characters.</summary>
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The service slug.</summary>
    public required string Service { get; init; }

    /// <summary>The agent key, <c>ed25519:…</c>.</summary>
    public required string PublicKey { get; init; }

    public string? AgentId { get; init; }

    public string? AgentName { get; init; }

    public string? Subject { get; init; }

    public string? AgentIp { get; init; }

    public required ClaimStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>
    /// Who approved, as <c>&lt;method&gt;:&lt;owner id&gt;</c> (e.g. <c>dashboard:own_…</c>, <c>owner_token:own_…</c>;
    /// ADR 0062): a stable, non-secret identifier, never a token. Null for claims approved before it was recorded.
    /// </summary>
    public string? ApprovedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Approval scope: the approval stops counting at this instant.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Approval scope: subjects the approval covers; empty means any.</summary>
    public IReadOnlyList<string> AllowedSubjects { get; init; } = [];

    /// <summary>Why a claim was rejected automatically, when it was.</summary>
    public string? Reason { get; init; }

    /// <summary>True when approved, not past its expiry, and (if scoped) for this subject.</summary>
    public bool Authorizes(DateTimeOffset now, string? subject = null) =>
        Status == ClaimStatus.Approved &&
        (ExpiresAt is null || now < ExpiresAt) &&
        (AllowedSubjects.Count == 0 || subject is null || AllowedSubjects.Contains(subject, StringComparer.Ordinal));
}
