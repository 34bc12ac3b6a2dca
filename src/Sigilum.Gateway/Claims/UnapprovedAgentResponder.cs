using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Claims;

/// <summary>
/// The whole answer to a verified but unapproved agent (spec §3.4 step 4g, §3.6): with auto-registration
/// on, the per-minute limit (429 <c>AUTH_CLAIM_SUBMIT_RATE_LIMITED</c>) and a claim filing; then, in
/// every other case, the markdown 403 <c>AUTH_CLAIM_REQUIRED</c> describing what happened.
/// </summary>
internal sealed class UnapprovedAgentResponder(ControlPlaneLinkOptions options, ClaimSubmitLimiter limiter, ClaimFiler filer)
{
    public static readonly GatewayError RateLimited = new(
        StatusCodes.Status429TooManyRequests, GatewayErrorCodes.ClaimSubmitRateLimited,
        "Too many access requests for this connection and namespace; retry after a minute.");

    /// <summary>Writes the response for <paramref name="agent"/> to <paramref name="context"/>.</summary>
    public async Task<ClaimRequiredOutcome> RespondAsync(HttpContext context, ClaimFilingRequest agent)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(agent);
        ClaimFilingResult? filing = null;
        if (options.AutoRegisterClaims)
        {
            if (!limiter.TryAcquire(agent.ConnectionId, agent.Namespace))
            {
                await GatewayErrorResponse.WriteAsync(context, RateLimited).ConfigureAwait(false);
                return new ClaimRequiredOutcome(RateLimited: true, Filing: null);
            }
            filing = await filer.FileAsync(agent, context.RequestAborted).ConfigureAwait(false);
        }
        await ClaimRequiredResponse.WriteAsync(context, new ClaimRequiredContext
        {
            Namespace = agent.Namespace,
            Subject = agent.Subject,
            Service = agent.ConnectionId,
            AgentKey = agent.PublicKey,
            AgentId = agent.AgentId,
            RemoteIp = agent.AgentIp,
            AutoRegisterEnabled = options.AutoRegisterClaims,
            Filing = filing,
        }).ConfigureAwait(false);
        return new ClaimRequiredOutcome(RateLimited: false, Filing: filing);
    }
}
