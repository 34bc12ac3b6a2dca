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
        StatusCodes.Status429TooManyRequests, ErrorCatalogue.AuthClaimSubmitRateLimited,
        "Too many access requests for this connection and namespace; retry after a minute.");

    /// <summary>Writes the response for <paramref name="agent"/> to <paramref name="context"/>.</summary>
    public async Task<ClaimRequiredOutcome> RespondAsync(HttpContext context, ClaimFilingRequest agent)
    {
        var filed = await FileAsync(context, agent).ConfigureAwait(false);
        if (!filed.RateLimited)
        {
            await WritePageAsync(context, agent, filed.Filing).ConfigureAwait(false);
        }
        return filed;
    }

    /// <summary>
    /// The first half of <see cref="RespondAsync"/>, for a request held while the owner decides (ADR 0055): the rate limit
    /// (answered here, 429) and the filing, so the claim is pending at once; the page is written only if the hold ends unapproved.
    /// </summary>
    public async Task<ClaimRequiredOutcome> FileAsync(HttpContext context, ClaimFilingRequest agent)
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
        return new ClaimRequiredOutcome(RateLimited: false, Filing: filing);
    }

    /// <summary>Whether claims are filed at all: without a pending claim the owner has nothing to decide, so nothing is held.</summary>
    public bool FilesClaims => options.AutoRegisterClaims;

    /// <summary>The markdown 403 <c>AUTH_CLAIM_REQUIRED</c> for <paramref name="agent"/> with <paramref name="filing"/>'s result.</summary>
    public async Task WritePageAsync(HttpContext context, ClaimFilingRequest agent, ClaimFilingResult? filing)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(agent);
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
    }
}
