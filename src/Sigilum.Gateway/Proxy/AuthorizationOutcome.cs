using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// What <see cref="ProxyAuthorizer"/> decided: approved (caller set), not approved (caller set, the
/// claim-required path follows), or denied with an error and the pipeline stage that denied it.
/// </summary>
internal sealed record AuthorizationOutcome(AgentCaller? Caller, GatewayError? Error, string Stage)
{
    public bool IsApproved => Caller is not null && Error is null && Stage == ApprovedStage;

    public bool IsNotApproved => Caller is not null && Error is null && Stage == NotApprovedStage;

    public const string ApprovedStage = "approved";
    public const string NotApprovedStage = "claims_authorization";

    public static AuthorizationOutcome Deny(string stage, GatewayError error) => new(null, error, stage);
}
