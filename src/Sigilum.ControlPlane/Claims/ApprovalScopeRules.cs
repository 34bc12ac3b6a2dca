using Sigilum.ControlPlane.Api;

namespace Sigilum.ControlPlane.Claims;

/// <summary>
/// The one set of rules for what an owner may put on an approval, used by the API (<c>POST
/// /v1/claims/{id}/approve</c>) and the dashboard's approve form, so both refuse the same scopes.
/// </summary>
internal static class ApprovalScopeRules
{
    /// <summary>The longest relative expiry accepted: ten years.</summary>
    public const long MaxLifetimeSeconds = 10L * 365 * 24 * 3600;

    /// <summary>Longest allowed subject, in characters (longer ones are cut, as other free text).</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>
    /// Builds the scope: a relative lifetime (<paramref name="expiresInSeconds"/>) wins over an absolute instant;
    /// subjects are trimmed, blanks dropped, duplicates removed.
    /// </summary>
    public static (ApprovalScope? Scope, ApprovalScopeError Error) Create(
        long? expiresInSeconds, DateTimeOffset? expiresAt, IEnumerable<string?>? allowedSubjects, DateTimeOffset now)
    {
        if (expiresInSeconds is { } seconds)
        {
            if (seconds is <= 0 or > MaxLifetimeSeconds)
            {
                return (null, ApprovalScopeError.LifetimeOutOfRange);
            }
            expiresAt = now.AddSeconds(seconds);
        }
        if (expiresAt is not null && expiresAt <= now)
        {
            return (null, ApprovalScopeError.ExpiryNotInFuture);
        }
        var subjects = (allowedSubjects ?? []).Select(s => InputRules.Text(s, MaxSubjectLength)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return (new ApprovalScope(expiresAt, subjects), ApprovalScopeError.None);
    }
}
