namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// How an authorised request ended, as the control plane counts usage: <c>success</c>, <c>denied</c>
/// (refused after authentication: forbidden tool, rate limit, rotation block) or <c>error</c> (upstream
/// or gateway failure). Spec §3.12's <c>forbidden</c> and <c>rate_limited</c> map to <see cref="Denied"/>.
/// </summary>
public enum UsageOutcome
{
    Success,
    Denied,
    Error,
}
