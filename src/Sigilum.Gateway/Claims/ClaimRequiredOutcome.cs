namespace Sigilum.Gateway.Claims;

/// <summary>
/// What <see cref="UnapprovedAgentResponder"/> answered, for the decision log and metrics: rate limited
/// (429), or the markdown 403 with the filing's result (null when auto-registration is off).
/// </summary>
internal sealed record ClaimRequiredOutcome(bool RateLimited, ClaimFilingResult? Filing);
