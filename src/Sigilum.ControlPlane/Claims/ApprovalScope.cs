namespace Sigilum.ControlPlane.Claims;

/// <summary>Limits an owner may put on an approval.</summary>
public sealed record ApprovalScope(DateTimeOffset? ExpiresAt, IReadOnlyList<string> AllowedSubjects)
{
    public static readonly ApprovalScope Unlimited = new(null, []);
}
