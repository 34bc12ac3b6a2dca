using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>
/// One recent credential release with the delegation chain it stood on (ADR 0062): namespace → the owner's approval
/// (claim, who, when, scope) → agent key → subject. Claim is null when the control plane holds none for the key.
/// </summary>
public sealed record AuditRelease(DateTimeOffset At, string Service, string PublicKey, string? Subject, ClaimRecord? Claim);
