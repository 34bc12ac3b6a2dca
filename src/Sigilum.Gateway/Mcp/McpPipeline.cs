using Sigilum.Core.Usage.Reporting;
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Operations;
using Sigilum.Gateway.Proxy;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// One request on an MCP route (spec §3.10), behind exactly the proxy's steps (<see cref="AgentRequestSteps"/>: body bound,
/// signature, nonce, approval with the markdown 403 and a pending claim, connection and rotation checks, the release
/// audited durably before the credential is completed, the approval re-checked at that point) and then: the tool list
/// from the discovery cache, the subject's effective policy, and for a call policy (403 <c>MCP_TOOL_FORBIDDEN</c> with the
/// reason code) → rate limit (429 <c>MCP_TOOL_RATE_LIMITED</c>) → <c>tools/call</c>. The audit record names the tool (in the
/// path) and never the arguments; every answer is scrubbed of the connection's secrets; each request ends with its audit
/// outcome, usage event (<c>protocol</c> mcp, <c>action</c> mcp_list / mcp_explain / mcp_call:&lt;tool&gt;), metrics and a
/// decision line.
/// </summary>
internal sealed class McpPipeline(
    AgentRequestSteps steps,
    McpDiscoveryCache discovery,
    IMcpUpstream upstream,
    McpToolCallLimiter limiter,
    GatewayMetrics metrics,
    IDecisionLog decisions)
{
    /// <summary>Carries the policy reason code of a refused call next to the error envelope.</summary>
    public const string ReasonHeader = "X-Sigilum-MCP-Reason";

    private static readonly GatewayError BadConnection = new(StatusCodes.Status400BadRequest, null, "The path must be /mcp/<connection-id>/tools[/<tool>/explain|/<tool>/call].");

    private static readonly GatewayError RateLimited = new(StatusCodes.Status429TooManyRequests, ErrorCatalogue.McpToolRateLimited,
        "Too many tool calls for this connection and namespace; retry after a minute.");

    public async Task HandleAsync(HttpContext context, McpAction action)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var requestId = RequestIdMiddleware.Get(context);
        var expected = action == McpAction.Call ? HttpMethods.Post : HttpMethods.Get;
        if (!string.Equals(context.Request.Method, expected, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = expected;
            await GatewayErrorResponse.WriteAsync(context, new GatewayError(StatusCodes.Status405MethodNotAllowed, ErrorCatalogue.MethodNotAllowed, $"Use {expected} on this MCP route."));
            return;
        }
        var connectionId = context.Request.RouteValues["id"] as string ?? "";
        var tool = action == McpAction.List ? "" : context.Request.RouteValues["tool"] as string ?? "";
        if (!ConnectionValidation.IsValidId(connectionId))
        {
            await GatewayErrorResponse.WriteAsync(context, BadConnection);
            return;
        }
        if (McpRefreshModes.Parse(context.Request.Query["refresh"], McpRefreshMode.Auto) is not { } mode)
        {
            await GatewayErrorResponse.WriteAsync(context, McpRefreshModes.Invalid);
            return;
        }
        var remoteIp = steps.RemoteIp(context);
        var path = context.Request.Path.ToUriComponent();
        var name = action switch { McpAction.List => "mcp_list", McpAction.Explain => "mcp_explain", _ => "mcp_call:" + tool };
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.McpRequestStart, RequestId = requestId, ConnectionId = connectionId, Method = context.Request.Method, Path = path, Action = name, RemoteIp = remoteIp,
        });

        var body = await steps.ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }
        var request = new AgentRequest(requestId, connectionId, context.Request.Method, path, remoteIp, started, AgentRequest.McpProtocol, name);
        if (await steps.AuthorizeAsync(context, request, body) is not { } caller)
        {
            return;
        }
        JsonElement arguments = default;
        if (action == McpAction.Call)
        {
            // Checked before anything is released: a malformed call needs no credential and no audit record.
            if (McpCallArguments.Parse(body) is not { } parsed)
            {
                await GatewayErrorResponse.WriteAsync(context, McpCallArguments.NotAnObject);
                steps.Report(context, request, caller, UsageOutcome.Error, StatusCodes.Status400BadRequest);
                return;
            }
            arguments = parsed;
        }
        using var release = await steps.ReleaseAsync(context, request, caller);
        if (release is null)
        {
            return;
        }
        var resolution = release.Resolution;
        var connection = resolution.Connection!;
        var target = McpUpstreamTargets.From(resolution);

        var read = await discovery.GetAsync(connection, target, mode, context.RequestAborted);
        if (!read.Succeeded)
        {
            metrics.UpstreamRequest(AgentRequest.McpProtocol, Outcome(read.Error), Stopwatch.GetElapsedTime(started));
            await FailAsync(context, request, caller, release, read.Error);
            return;
        }
        var source = read.Value!.Source;
        context.Response.Headers[McpDiscoverySource.Header] = source;
        if (source == McpDiscoverySource.StaleIfError)
        {
            decisions.Write(new ProxyDecision
            {
                Kind = ProxyDecisionKind.McpDiscoveryStaleIfError, RequestId = requestId, ConnectionId = connectionId, Code = ErrorCatalogue.McpDiscoveryFailed, RemoteIp = remoteIp,
            });
        }
        var tools = read.Value.Discovery;
        var policy = McpToolPolicyEngine.Effective(connection, caller.Subject);
        switch (action)
        {
            case McpAction.List:
                var exposed = McpToolPolicyEngine.Exposed(policy, tools);
                await SucceedAsync(context, request, caller, release, new McpToolsResponse(connectionId, caller.Subject, source, [.. exposed.Select(McpToolView.From)]));
                return;
            case McpAction.Explain:
                var explained = McpToolPolicyEngine.Decide(policy, tools, tool);
                await SucceedAsync(context, request, caller, release, new McpExplainResponse(
                    connectionId, caller.Subject, explained.Tool, explained.Allowed, explained.ReasonCode,
                    tools.Tools.Any(t => t.Name == explained.Tool), McpEffectivePolicyView.From(policy),
                    [.. McpToolPolicyEngine.Exposed(policy, tools).Select(t => t.Name)], source));
                return;
            default:
                await CallAsync(context, request, caller, release, target, McpToolPolicyEngine.Decide(policy, tools, tool), arguments, source);
                return;
        }
    }

    // Policy → rate limit → tools/call (spec §3.10), each refusal with its own code, metric and decision line.
    private async Task CallAsync(
        HttpContext context, AgentRequest request, AgentCaller caller, AgentRelease release, McpUpstreamTarget target, McpToolDecision decision, JsonElement arguments, string source)
    {
        if (!decision.Allowed)
        {
            metrics.McpToolCall("forbidden");
            context.Response.Headers[ReasonHeader] = decision.ReasonCode;
            await RefuseCallAsync(context, request, caller, release, decision.Tool, "forbidden", new GatewayError(StatusCodes.Status403Forbidden, ErrorCatalogue.McpToolForbidden,
                $"Tool \"{decision.Tool}\" is not allowed for subject \"{caller.Subject}\" on connection \"{request.ConnectionId}\" ({decision.ReasonCode})."), decision.ReasonCode);
            return;
        }
        if (!limiter.TryAcquire(request.ConnectionId, caller.Namespace))
        {
            metrics.McpToolCall("rate_limited");
            await RefuseCallAsync(context, request, caller, release, decision.Tool, "rate_limited", RateLimited, ErrorCatalogue.McpToolRateLimited);
            return;
        }
        var called = await upstream.CallToolAsync(target, decision.Tool, arguments, context.RequestAborted);
        var elapsed = Stopwatch.GetElapsedTime(request.Started);
        if (!called.Succeeded)
        {
            var circuitOpen = called.Error.Code == ErrorCatalogue.McpCircuitOpen;
            metrics.McpToolCall(circuitOpen ? "circuit_open" : "error");
            metrics.UpstreamRequest(AgentRequest.McpProtocol, Outcome(called.Error), elapsed);
            await FailAsync(context, request, caller, release, called.Error.Code is ErrorCatalogue.McpCircuitOpen or ErrorCatalogue.McpToolCallFailed
                ? called.Error
                : new GatewayError(StatusCodes.Status502BadGateway, ErrorCatalogue.McpToolCallFailed, "MCP tool call failed: " + called.Error.Message));
            return;
        }
        metrics.McpToolCall("success");
        metrics.UpstreamRequest(AgentRequest.McpProtocol, "success", elapsed);
        await SucceedAsync(context, request, caller, release, new McpCallResponse(request.ConnectionId, decision.Tool, source, called.Value));
    }

    private async Task RefuseCallAsync(HttpContext context, AgentRequest request, AgentCaller caller, AgentRelease release, string tool, string outcome, GatewayError error, string code)
    {
        decisions.Write(new ProxyDecision
        {
            Kind = ProxyDecisionKind.McpToolCallDenied, RequestId = request.RequestId, ConnectionId = request.ConnectionId, Tool = tool, Code = code, Status = error.Status, RemoteIp = request.RemoteIp,
        });
        await GatewayErrorResponse.WriteAsync(context, error);
        await steps.FinishAsync(context, request, caller, release, new AgentFinish(error.Status, outcome, UsageOutcome.Denied, 0, ProxyDecisionKind.McpRequestEnd));
    }

    private async Task FailAsync(HttpContext context, AgentRequest request, AgentCaller caller, AgentRelease release, GatewayError error)
    {
        metrics.UpstreamError(error.Code == ErrorCatalogue.McpCircuitOpen ? "mcp_circuit_open"
            : error.Code == ErrorCatalogue.McpDiscoveryFailed ? "mcp_discovery_failed" : "mcp_tool_call_failed");
        await GatewayErrorResponse.WriteAsync(context, Scrubbed(error, release));
        await steps.FinishAsync(context, request, caller, release, new AgentFinish(error.Status, Outcome(error), UsageOutcome.Error, 0, ProxyDecisionKind.McpRequestEnd));
    }

    // The answer, serialised once (so its length is known and it can be scrubbed): a server that echoes the credential
    // in a description or a result (reliability PRX-18) hands the agent the gateway's marker, never the secret.
    private async Task SucceedAsync<T>(HttpContext context, AgentRequest request, AgentCaller caller, AgentRelease release, T answer)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(answer, GatewayJson.Options);
        var output = new ArrayBufferWriter<byte>(json.Length);
        using (var scrubber = release.Resolution.NewScrubber())
        {
            scrubber.Process(json, output);
            scrubber.Flush(output);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
        await steps.FinishAsync(context, request, caller, release, new AgentFinish(StatusCodes.Status200OK, "success", UsageOutcome.Success, output.WrittenCount, ProxyDecisionKind.McpRequestEnd));
    }

    // An upstream error message could quote what the server sent back; it gets the same scrubbing as a result.
    private static GatewayError Scrubbed(GatewayError error, AgentRelease release)
    {
        using var scrubber = release.Resolution.NewScrubber();
        return error with { Message = scrubber.ScrubText(error.Message) };
    }

    private static string Outcome(GatewayError error) => error.Code == ErrorCatalogue.McpCircuitOpen ? "circuit_open" : "error";
}
