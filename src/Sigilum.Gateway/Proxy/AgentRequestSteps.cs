using Sigilum.Core.Usage.Reporting;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Claims;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Hold;
using Sigilum.Gateway.Hosting;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// The steps every agent route takes, in the order of DESIGN §2 / spec §3.4 and §3.10 ("the same signed-auth, claim
/// check and rotation policy as the proxy apply"): body (413) → authorisation (signature, nonce, approval; unapproved
/// agents get the markdown 403 and a pending claim) → connection checked → audit record made durable → approval
/// re-checked at the release point (CTL-01) → credential completed (backend fetch) → outcome recorded (audit, usage,
/// one decision line). <c>/proxy</c> and <c>/mcp</c> call these, so neither can skip or reorder one. A method that
/// returns null has answered the request itself.
/// </summary>
internal sealed class AgentRequestSteps(
    ProxyAuthorizer authorizer,
    UnapprovedAgentResponder unapproved,
    ConnectionResolver connections,
    GatewayAuditTrail audit,
    UsageReporter usage,
    GatewayMetrics metrics,
    IDecisionLog decisions,
    GatewayOptions options,
    TimeProvider time,
    ApprovalHold hold)
{
    private static readonly GatewayError HoldAgentFull = GatewayError.Of(ErrorCatalogue.AuthHoldAgentLimit,
        "This agent already has as many requests waiting for the owner's approval as the gateway allows; wait for the owner's decision, or send fewer requests at once.");

    private static readonly GatewayError HoldGatewayFull = GatewayError.Of(ErrorCatalogue.AuthHoldGatewayLimit,
        "The gateway already holds as many requests waiting for approval as it allows; retry later.");

    private static readonly GatewayError BodyTooLarge = new(StatusCodes.Status413PayloadTooLarge, ErrorCatalogue.RequestBodyTooLarge, "The request body is too large.");

    private readonly IReadOnlyList<IPNetwork> _trustedProxies = options.Operations.Admin.ParseTrustedProxies();

    /// <summary>The client address, from forwarding headers only when the peer is a trusted proxy.</summary>
    public string? RemoteIp(HttpContext context) => ClientAddress.Resolve(context, _trustedProxies)?.ToString();

    /// <summary>The buffered body (signatures cover it), or null after answering 413.</summary>
    public async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await RequestBodyBuffer.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await GatewayErrorResponse.WriteAsync(context, BodyTooLarge);
        }
        return body;
    }

    /// <summary>
    /// Step 4: the verified, approved agent; null after answering a denial (its code, metric and decision line) or, for
    /// a verified but unapproved agent, the markdown 403 with a pending claim (or the filing rate limit).
    /// </summary>
    public async Task<AgentCaller?> AuthorizeAsync(HttpContext context, AgentRequest request, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var authorization = await authorizer.AuthorizeAsync(context, request.ConnectionId, body);
        if (authorization.Error is { } denied)
        {
            await DenyAsync(context, request, authorization.Stage, denied);
            return null;
        }
        var caller = authorization.Caller!;
        return authorization.IsNotApproved ? await UnapprovedAsync(context, request, caller) : caller;
    }

    /// <summary>
    /// A verified but unapproved agent: the claim is filed, and then either the markdown 403 (or the filing's 429), or, when
    /// the connection holds requests while the owner decides (ADR 0055), the request waits for the pushed approval (the
    /// caller, to be released like any approved request) or for the rejection, the timeout or the client leaving (null,
    /// answered). The signature and nonce were checked once, on arrival, and are not checked again after the wait.
    /// </summary>
    private async Task<AgentCaller?> UnapprovedAsync(HttpContext context, AgentRequest request, AgentCaller caller)
    {
        var agent = new ClaimFilingRequest
        {
            ConnectionId = request.ConnectionId, Namespace = caller.Namespace, PublicKey = caller.PublicKey,
            AgentIp = request.RemoteIp, Subject = caller.Subject, AgentId = caller.AgentId,
        };
        var plan = unapproved.FilesClaims
            ? HoldPlan.Of(await connections.HoldSecondsAsync(request.ConnectionId, context.RequestAborted), context.Request.Headers[HoldPlan.PreferHeader])
            : HoldPlan.None;
        HoldSlot? slot = null;
        if (plan.Holds)
        {
            var admission = hold.TryEnter(new ApprovalKey(caller.Namespace, caller.PublicKey, request.ConnectionId), out slot);
            if (admission != HoldAdmission.Admitted)
            {
                // Full: nothing filed, nothing held; the agent is told which bound it met.
                await DenyAsync(context, request, "claims_hold", admission == HoldAdmission.AgentFull ? HoldAgentFull : HoldGatewayFull);
                return null;
            }
        }
        using (slot)
        {
            var answered = await unapproved.FileAsync(context, agent);
            var end = HoldEnd.TimedOut;
            if (slot is not null && !answered.RateLimited && answered.Filing is { Outcome: ClaimFilingOutcome.Recorded } filing
                && !string.Equals(filing.Status, ClaimWire.RejectedStatus, StringComparison.Ordinal))
            {
                if (plan.Preferred)
                {
                    context.Response.Headers[HoldPlan.PreferenceAppliedHeader] = plan.PreferenceApplied;
                }
                end = await hold.WaitAsync(slot, caller.Subject, TimeSpan.FromSeconds(plan.Seconds), context.RequestAborted);
                // The wait is over: the slot goes back now, before any answer is written, so a client that has its answer
                // never still counts against the hold limits or the held gauge.
                slot.Dispose();
                if (end == HoldEnd.Approved)
                {
                    // Released like any approved request: audit first, then the CTL-01 recheck, then the credential.
                    return caller;
                }
            }
            var code = answered.RateLimited ? ErrorCatalogue.AuthClaimSubmitRateLimited : ErrorCatalogue.AuthClaimRequired;
            if (end == HoldEnd.Abandoned)
            {
                // The client left while held: its slot is given back here and there is no one to answer.
                decisions.Write(new ProxyDecision
                {
                    Kind = ProxyDecisionKind.AuthDenied, RequestId = request.RequestId, Stage = "claims_hold", Code = code, ConnectionId = request.ConnectionId, RemoteIp = request.RemoteIp,
                });
                return null;
            }
            if (!answered.RateLimited)
            {
                await unapproved.WritePageAsync(context, agent, answered.Filing);
            }
            metrics.AuthRejected(code);
            decisions.Write(new ProxyDecision
            {
                Kind = ProxyDecisionKind.ClaimRequired, RequestId = request.RequestId, Stage = "claims_authorization", Code = code, ConnectionId = request.ConnectionId,
                Namespace = caller.Namespace, Subject = caller.Subject, AgentKey = caller.PublicKey,
                ClaimSubmit = answered.Filing?.Outcome.ToString(), ClaimId = answered.Filing?.ClaimId, RemoteIp = request.RemoteIp,
            });
            return null;
        }
    }

    /// <summary>
    /// Steps 5-6 for <paramref name="request"/>'s protocol: the connection checked and opened, the release made durable in
    /// the audit log, the approval re-checked, and only then the credential completed (a backend fetch can mint a lease,
    /// which must never exist without its release record: issue #12 item 5, reliability STO-01). Null after answering.
    /// </summary>
    public async Task<AgentRelease?> ReleaseAsync(HttpContext context, AgentRequest request, AgentCaller caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var prepared = await connections.PrepareAsync(request.ConnectionId, request.Protocol, enforceRotation: true, context.RequestAborted);
        ConnectionResolution? resolution = null;
        var handedOver = false;
        try
        {
            if (!prepared.Succeeded)
            {
                await RefuseConnectionAsync(context, request, caller, prepared.Error);
                return null;
            }
            if (prepared.Rotation.WarningFor(request.ConnectionId) is { } warning)
            {
                context.Response.Headers[RotationState.WarningHeader] = warning;
                decisions.Write(new ProxyDecision { Kind = ProxyDecisionKind.RotationWarning, RequestId = request.RequestId, ConnectionId = request.ConnectionId });
            }

            // The release is on record, durably, before any credential is fetched or leaves the gateway (DESIGN §4, ADR 0008, ADR 0023).
            var ticket = await audit.RecordReleaseAsync(new ReleaseAuditEntry
            {
                RequestId = request.RequestId, ConnectionId = request.ConnectionId, Namespace = caller.Namespace, Subject = caller.Subject,
                AgentKeyId = caller.KeyId, AgentId = caller.AgentId, Method = request.Method, Path = request.Path,
                SecretVersion = prepared.Connection.SecretVersion, Backends = prepared.Backends, RemoteIp = request.RemoteIp,
                Approval = authorizer.ApprovalFor(caller, request.ConnectionId),
            }, context.RequestAborted);
            if (ticket is null)
            {
                await GatewayErrorResponse.WriteAsync(context, GatewayAuditTrail.Unavailable);
                Report(context, request, caller, UsageOutcome.Error, StatusCodes.Status503ServiceUnavailable);
                return null;
            }

            // CTL-01: the linearisation point is here, just before the fetch; a revocation applied (and perhaps already
            // confirmed to the owner, ADR 0027) since the authorisation stops the request with nothing fetched or sent.
            if (authorizer.RecheckAtRelease(caller, request.ConnectionId) is { } revoked)
            {
                await audit.RecordOutcomeAsync(ticket, revoked.Status, revoked.Code ?? "claims_recheck", 0, Stopwatch.GetElapsedTime(request.Started));
                await DenyAsync(context, request, "claims_recheck", revoked);
                return null;
            }

            resolution = await connections.CompleteAsync(prepared, context.RequestAborted);
            if (!resolution.Succeeded)
            {
                // The release record stands (a backend may have been asked); its outcome says nothing was forwarded.
                await audit.RecordOutcomeAsync(ticket, resolution.Error.Status, resolution.Error.Code ?? "connection_refused", 0, Stopwatch.GetElapsedTime(request.Started));
                await RefuseConnectionAsync(context, request, caller, resolution.Error);
                return null;
            }
            handedOver = true;
            return new AgentRelease(prepared, resolution, ticket);
        }
        finally
        {
            // Every secret buffer is zeroed on every path that does not hand them to the caller.
            if (!handedOver)
            {
                resolution?.Dispose();
                prepared.Dispose();
            }
        }
    }

    /// <summary>
    /// The end of a released request: the audit outcome, the usage event and the end decision line
    /// (<see cref="AgentFinish.EndKind"/>: <c>proxy_request_end</c> or <c>mcp_request_end</c>).
    /// </summary>
    public async Task FinishAsync(HttpContext context, AgentRequest request, AgentCaller caller, AgentRelease release, AgentFinish finish)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(finish);
        var elapsed = Stopwatch.GetElapsedTime(request.Started);
        await audit.RecordOutcomeAsync(release.Ticket, finish.Status, finish.Outcome, finish.ResponseBytes, elapsed);
        Report(context, request, caller, finish.UsageOutcome, finish.Status);
        decisions.Write(new ProxyDecision
        {
            Kind = finish.EndKind, RequestId = request.RequestId, ConnectionId = request.ConnectionId,
            Namespace = caller.Namespace, AgentKey = caller.PublicKey, Subject = caller.Subject,
            Status = finish.Status, Outcome = finish.Outcome, Duration = elapsed, RemoteIp = request.RemoteIp,
            Action = finish.EndKind == ProxyDecisionKind.McpRequestEnd ? request.Action : null,
        });
    }

    /// <summary>Answers an authorisation failure: the reject metric (and replay metric), a decision line, the error.</summary>
    public async Task DenyAsync(HttpContext context, AgentRequest request, string stage, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code is { } code)
        {
            metrics.AuthRejected(code);
            if (code == ErrorCatalogue.AuthReplayDetected)
            {
                metrics.ReplayDetected();
            }
        }
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.AuthDenied, RequestId = request.RequestId, Stage = stage, Code = error.Code, ConnectionId = request.ConnectionId, RemoteIp = request.RemoteIp,
        });
        await GatewayErrorResponse.WriteAsync(context, error);
    }

    /// <summary>Answers a connection that cannot be used (missing, disabled, wrong protocol, rotation block, backend failure).</summary>
    public async Task RefuseConnectionAsync(HttpContext context, AgentRequest request, AgentCaller caller, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.ConnectionRefused, RequestId = request.RequestId, ConnectionId = request.ConnectionId, Status = error.Status, Code = error.Code, RemoteIp = request.RemoteIp,
        });
        await GatewayErrorResponse.WriteAsync(context, error);
        Report(context, request, caller, error.Status == StatusCodes.Status403Forbidden ? UsageOutcome.Denied : UsageOutcome.Error, error.Status);
    }

    /// <summary>The usage event of an authorised request (spec §3.12), fire and forget.</summary>
    public void Report(HttpContext context, AgentRequest request, AgentCaller caller, UsageOutcome outcome, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        usage.Report(new UsageReport
        {
            Namespace = caller.Namespace, Service = request.ConnectionId, PublicKey = caller.PublicKey, Subject = caller.Subject, AgentId = caller.AgentId,
            Protocol = request.Protocol, Action = request.Action,
            Outcome = outcome, StatusCode = status, DurationMs = (long)Stopwatch.GetElapsedTime(request.Started).TotalMilliseconds,
            ResponseBytes = context.Response.ContentLength ?? 0, RequestMethod = request.Method,
            RequestPath = request.Path, RemoteIp = request.RemoteIp, OccurredAt = time.GetUtcNow(),
        });
    }

    /// <summary>The request id the middleware assigned (echoed in <c>X-Request-Id</c>).</summary>
    public static string RequestId(HttpContext context) => RequestIdMiddleware.Get(context);
}
