using Sigilum.Core.Usage.Reporting;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Forwarding;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// One proxied request, in the order of DESIGN §2 / spec §3.4: route → body (413) → authorisation (signature,
/// nonce, approval; unapproved agents get the markdown 403 and a pending claim) → connection checked →
/// audit record made durable → backend credential fetched → credential injected and forwarded, streaming → outcome recorded (audit, metrics,
/// usage, one decision line). Nothing after a failed step runs; the credential is resolved only for an
/// approved agent and zeroed when the request ends; a backend credential is fetched only after the audit record
/// is durable (ADR 0023). The steps shared with the MCP routes are <see cref="AgentRequestSteps"/>.
/// </summary>
internal sealed partial class ProxyPipeline(
    AgentRequestSteps steps,
    HttpForwarder forwarder,
    GatewayMetrics metrics,
    IDecisionLog decisions)
{
    private static readonly GatewayError BadRoute = new(StatusCodes.Status400BadRequest, null, "The path must be /proxy/<connection-id>/<upstream path>.");
    private static readonly GatewayError MethodNotAllowed = GatewayError.Of(ErrorCatalogue.MethodNotAllowed, "CONNECT and TRACE are not proxied.");

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
        var remoteIp = steps.RemoteIp(context);
        var path = PathOf(route.PathAndQuery);
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.RequestStart, RequestId = requestId, ConnectionId = route.ConnectionId, Method = context.Request.Method, Path = path, RemoteIp = remoteIp,
        });

        var body = await steps.ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }
        var request = new AgentRequest(requestId, route.ConnectionId, context.Request.Method, path, remoteIp, started, AgentRequest.HttpProtocol, AgentRequest.ProxyAction);
        if (await steps.AuthorizeAsync(context, request, body) is not { } caller)
        {
            return;
        }
        // Checked, on record, re-checked, and only then the credential (ADR 0023, CTL-01); null: already answered.
        using var release = await steps.ReleaseAsync(context, request, caller);
        if (release is null)
        {
            return;
        }
        var resolution = release.Resolution;

        var result = await forwarder.ForwardAsync(context, new ForwardingDecision(
            resolution.UpstreamBase!,
            UpstreamTarget.With(route.PathAndQuery, resolution.QueryParameter),
            resolution.Header is { } header ? [header] : [],
            resolution.Secrets,
            resolution.Echo));
        var status = result == ForwarderError.ClientAborted ? 499 : context.Response.StatusCode;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = UpstreamOutcome.Of(result, status);
        metrics.UpstreamRequest("http", outcome, elapsed);
        if (UpstreamOutcome.ErrorClass(result, status) is { } errorClass)
        {
            metrics.UpstreamError(errorClass);
        }
        var responseBytes = context.Response.ContentLength ?? 0;
        await steps.FinishAsync(context, request, caller, release, new AgentFinish(
            status, outcome, result == ForwarderError.None && status < 500 ? UsageOutcome.Success : UsageOutcome.Error, responseBytes, ProxyDecisionKind.RequestEnd));
    }

    // The path without its query, without the array Split would allocate.
    private static string PathOf(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }
}
