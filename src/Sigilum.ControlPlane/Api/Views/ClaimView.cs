using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>
/// A claim as the API shows it (snake_case on the wire, as in the reference API). <c>approved_by</c> names who approved
/// (<c>&lt;method&gt;:&lt;owner id&gt;</c>, ADR 0062); null for claims approved before it was recorded.
/// </summary>
public sealed record ClaimView(
    string ClaimId, string Namespace, string Service, string PublicKey, string? Subject, string? AgentId, string? AgentName,
    string? AgentIp, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ApprovedAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt, IReadOnlyList<string> AllowedSubjects, string? Reason,
    string? ApprovedBy)
{
    public static ClaimView From(ClaimRecord c) => new(
        c.Id, c.Namespace, c.Service, c.PublicKey, c.Subject, c.AgentId, c.AgentName, c.AgentIp, StatusText(c.Status),
        c.CreatedAt, c.UpdatedAt, c.ApprovedAt, c.RevokedAt, c.ExpiresAt, c.AllowedSubjects, c.Reason, c.ApprovedBy);

    public static string StatusText(ClaimStatus status) => status.ToString().ToLowerInvariant();
}
