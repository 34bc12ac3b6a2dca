using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Claims;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Forwarding;
using Sigilum.Gateway.Hosting;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// One proxied request, in the order of DESIGN §2 / spec §3.4: route → body (413) → authorisation (signature,
/// nonce, approval; unapproved agents get the markdown 403 and a pending claim) → connection checked →
/// audit record made durable → backend credential fetched → credential injected and forwarded, streaming → outcome recorded (audit, metrics,
/// usage, one decision line). Nothing after a failed step runs; the credential is resolved only for an
/// approved agent and zeroed when the request ends; a backend credential is fetched only after the audit record
/// is durable (ADR 0023).
/// </summary>
internal sealed partial class ProxyPipeline(
    ProxyAuthorizer authorizer,
    UnapprovedAgentResponder unapproved,
    ConnectionResolver connections,
    GatewayAuditTrail audit,
    HttpForwarder forwarder,
    UsageReporter usage,
    GatewayMetrics metrics,
    IDecisionLog decisions,
    GatewayOptions options,
    TimeProvider time)
{
    private static readonly GatewayError BadRoute = new(StatusCodes.Status400BadRequest, null, "The path must be /proxy/<connection-id>/<upstream path>.");
    private static readonly GatewayError MethodNotAllowed = GatewayError.Of(GatewayErrorCodes.MethodNotAllowed, "CONNECT and TRACE are not proxied.");
    private static readonly GatewayError BodyTooLarge = GatewayError.Of(GatewayErrorCodes.RequestBodyTooLarge, "The request body is too large.");

    private readonly IReadOnlyList<IPNetwork> _trustedProxies = options.Operations.Admin.ParseTrustedProxies();

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIdMiddleware.Get(context);
        if (HttpMethods.IsConnect(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        {
            await GatewayErrorResponse.WriteAsync(context, MethodNotAllowed);
            return;
        }
        var route = ProxyRoute.Parse(context);
        if (route is null)
        {
            await GatewayErrorResponse.WriteAsync(context, BadRoute);
            return;
        }
        var remoteIp = ClientAddress.Resolve(context, _trustedProxies)?.ToString();
        var path = PathOf(route.PathAndQuery);
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.RequestStart, RequestId = requestId, ConnectionId = route.ConnectionId, Method = context.Request.Method, Path = path, RemoteIp = remoteIp,
        });

        var body = await RequestBodyBuffer.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await GatewayErrorResponse.WriteAsync(context, BodyTooLarge);
            return;
        }

        var authorization = await authorizer.AuthorizeAsync(context, route.ConnectionId, body);
        if (authorization.Error is { } denied)
        {
            await DenyAsync(context, route, authorization.Stage, denied, remoteIp);
            return;
        }
        var caller = authorization.Caller!;
        if (authorization.IsNotApproved)
        {
            var answered = await unapproved.RespondAsync(context, new ClaimFilingRequest
            {
                ConnectionId = route.ConnectionId, Namespace = caller.Namespace, PublicKey = caller.PublicKey,
                AgentIp = remoteIp, Subject = caller.Subject, AgentId = caller.AgentId,
            });
            var code = answered.RateLimited ? GatewayErrorCodes.ClaimSubmitRateLimited : GatewayErrorCodes.ClaimRequired;
            metrics.AuthRejected(code);
            decisions.Write(new ProxyDecision
            {
                Kind = ProxyDecisionKind.ClaimRequired, RequestId = requestId, Stage = "claims_authorization", Code = code, ConnectionId = route.ConnectionId,
                Namespace = caller.Namespace, Subject = caller.Subject, AgentKey = caller.PublicKey,
                ClaimSubmit = answered.Filing?.Outcome.ToString(), ClaimId = answered.Filing?.ClaimId, RemoteIp = remoteIp,
            });
            return;
        }

        // Checked and opened, but nothing fetched from a backend yet: a backend fetch can mint a dynamic lease,
        // which must never exist without its durable release record (issue #12 item 5, reliability STO-01).
        using var prepared = await connections.PrepareAsync(route.ConnectionId, context.RequestAborted);
        if (!prepared.Succeeded)
        {
            await RefuseConnectionAsync(context, route, path, caller, prepared.Error, remoteIp, started);
            return;
        }
        if (prepared.Rotation.WarningFor(route.ConnectionId) is { } warning)
        {
            context.Response.Headers[RotationState.WarningHeader] = warning;
            decisions.Write(new ProxyDecision { Kind = ProxyDecisionKind.RotationWarning, RequestId = requestId, ConnectionId = route.ConnectionId });
        }

        // The release is on record, durably, before any credential is fetched or leaves the gateway (DESIGN §4, ADR 0008, ADR 0023).
        var ticket = await audit.RecordReleaseAsync(new ReleaseAuditEntry
        {
            RequestId = requestId, ConnectionId = route.ConnectionId, Namespace = caller.Namespace, Subject = caller.Subject,
            AgentKeyId = caller.KeyId, AgentId = caller.AgentId, Method = context.Request.Method, Path = path,
            SecretVersion = prepared.Connection.SecretVersion, Backends = prepared.Backends, RemoteIp = remoteIp,
        }, context.RequestAborted);
        if (ticket is null)
        {
            await GatewayErrorResponse.WriteAsync(context, GatewayAuditTrail.Unavailable);
            Report(route, path, caller, context, UsageOutcome.Error, StatusCodes.Status503ServiceUnavailable, remoteIp, started);
            return;
        }

        // CTL-01: the linearisation point is here, just before the fetch; a revocation applied (and perhaps already
        // confirmed to the owner, ADR 0027) since the authorisation stops the request with nothing fetched or sent.
        if (authorizer.RecheckAtRelease(caller, route.ConnectionId) is { } revoked)
        {
            await audit.RecordOutcomeAsync(ticket, revoked.Status, revoked.Code ?? "claims_recheck", 0, Stopwatch.GetElapsedTime(started));
            await DenyAsync(context, route, "claims_recheck", revoked, remoteIp);
            return;
        }

        using var resolution = await connections.CompleteAsync(prepared, context.RequestAborted);
        if (!resolution.Succeeded)
        {
            // The release record stands (a backend may have been asked); its outcome says nothing was forwarded.
            await audit.RecordOutcomeAsync(ticket, resolution.Error.Status, resolution.Error.Code ?? "connection_refused", 0, Stopwatch.GetElapsedTime(started));
            await RefuseConnectionAsync(context, route, path, caller, resolution.Error, remoteIp, started);
            return;
        }

        var result = await forwarder.ForwardAsync(context, new ForwardingDecision(
            resolution.UpstreamBase,
            UpstreamTarget.With(route.PathAndQuery, resolution.QueryParameter),
            resolution.Header is { } header ? [header] : [],
            resolution.Secrets));
        var status = result == ForwarderError.ClientAborted ? 499 : context.Response.StatusCode;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = UpstreamOutcome.Of(result, status);
        metrics.UpstreamRequest("http", outcome, elapsed);
        if (UpstreamOutcome.ErrorClass(result, status) is { } errorClass)
        {
            metrics.UpstreamError(errorClass);
        }
        var responseBytes = context.Response.ContentLength ?? 0;
        await audit.RecordOutcomeAsync(ticket, status, outcome, responseBytes, elapsed);
        Report(route, path, caller, context, result == ForwarderError.None && status < 500 ? UsageOutcome.Success : UsageOutcome.Error, status, remoteIp, started);
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.RequestEnd, RequestId = requestId, ConnectionId = route.ConnectionId,
            Namespace = caller.Namespace, AgentKey = caller.PublicKey, Subject = caller.Subject,
            Status = status, Outcome = outcome, Duration = elapsed, RemoteIp = remoteIp,
        });
    }

    private async Task DenyAsync(HttpContext context, ProxyRoute route, string stage, GatewayError error, string? remoteIp)
    {
        if (error.Code is { } code)
        {
            metrics.AuthRejected(code);
            if (code == GatewayErrorCodes.ReplayDetected)
            {
                metrics.ReplayDetected();
            }
        }
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.AuthDenied, RequestId = RequestIdMiddleware.Get(context), Stage = stage, Code = error.Code, ConnectionId = route.ConnectionId, RemoteIp = remoteIp,
        });
        await GatewayErrorResponse.WriteAsync(context, error);
    }

    private async Task RefuseConnectionAsync(HttpContext context, ProxyRoute route, string path, AgentCaller caller, GatewayError error, string? remoteIp, long started)
    {
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.ConnectionRefused, RequestId = RequestIdMiddleware.Get(context), ConnectionId = route.ConnectionId, Status = error.Status, Code = error.Code, RemoteIp = remoteIp,
        });
        await GatewayErrorResponse.WriteAsync(context, error);
        Report(route, path, caller, context, error.Status == StatusCodes.Status403Forbidden ? UsageOutcome.Denied : UsageOutcome.Error, error.Status, remoteIp, started);
    }

    // The path without its query, without the array Split would allocate.
    private static string PathOf(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    private void Report(ProxyRoute route, string path, AgentCaller caller, HttpContext context, UsageOutcome outcome, int status, string? remoteIp, long started) =>
        usage.Report(new UsageReport
        {
            Namespace = caller.Namespace, Service = route.ConnectionId, PublicKey = caller.PublicKey, Subject = caller.Subject, AgentId = caller.AgentId,
            Outcome = outcome, StatusCode = status, DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            ResponseBytes = context.Response.ContentLength ?? 0, RequestMethod = context.Request.Method,
            RequestPath = path, RemoteIp = remoteIp, OccurredAt = time.GetUtcNow(),
        });
}
