using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Signing;
using Sigilum.Core.Nodes;
using Sigilum.Core.Storage;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Sealing;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// The gateway's side of the relay (ADR 0018), both signed by the gateway's node identity:
/// <c>GET /v1/gateway/relay/stream?encryption_key=…</c> is a Server-Sent Events stream of <c>command</c> events
/// (the query is part of the signed <c>@target-uri</c>, so the encryption key is authenticated with the node);
/// <c>POST /v1/gateway/relay/responses</c> carries each answer back. Only gateway nodes registered to the
/// signer's namespace may hold a stream, and an answer is accepted only from the node its command was sent to.
/// Every event on the stream (ready, command, keep-alive) is signed with the control-plane key, bound to the node
/// and the <c>challenge</c> it sent (ADR 0024), so the gateway dispatches only commands this control plane issued.
/// </summary>
internal static class RelayStreamEndpoints
{
    public static readonly ApiError RequestUnknown = ApiError.Of(ErrorCatalogue.RelayRequestUnknown);

    // Header names are sent as they are: no dictionary key policy.
    private static readonly JsonSerializerOptions Wire = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/gateway/relay/stream", StreamAsync).RequireSigilumSignature();
        app.MapPost("/v1/gateway/relay/responses", RespondAsync).RequireSigilumSignature();
    }

    private static async Task StreamAsync(HttpContext context, ISigilumStore store, GatewayRelayHub hub, TimeProvider time, ControlPlaneSigner signer, IOptions<ControlPlaneOptions> options, IHostApplicationLifetime lifetime)
    {
        var node = await GatewayNodeAsync(context, store);
        if (node is null)
        {
            await ProblemResponses.WriteAsync(context, ApiErrors.Forbidden, "Only gateway nodes registered to the namespace can hold a relay stream.");
            return;
        }
        var key = context.Request.Query["encryption_key"];
        var kid = key.Count == 1 ? SealedSecret.ParsePublicKey(key[0]) : default;
        if (key.Count != 1 || !kid.IsSuccess)
        {
            await ProblemResponses.WriteAsync(context, ApiErrors.ValidationError, "encryption_key must be the base64url SubjectPublicKeyInfo of a P-256 key.");
            return;
        }
        if (SignedEventStream.ReadChallenge(context.Request) is not { } challenge)
        {
            await ProblemResponses.WriteAsync(context, ApiErrors.ValidationError, "challenge must be 16-128 base64url characters.");
            return;
        }
        var events = new SignedEventStream(context, signer, ControlPlaneSignature.RelayEvent, node.Namespace, context.GetSignedCaller().PublicKey, challenge, time);
        using var connection = hub.Attach(node.Namespace, node.Id, key[0]!, kid.Value);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, connection.Closed);
        var aborted = linked.Token;
        try
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await store.Nodes.TouchAsync(node.Id, time.GetUtcNow(), version: null, aborted);
            await events.WriteAsync("ready", null, JsonSerializer.Serialize(new { node_id = node.Id, encryption_key_id = kid.Value }, Wire), aborted);
            var keepAlive = TimeSpan.FromSeconds(options.Value.StreamKeepAliveSeconds);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= connection.Commands.WaitToReadAsync(aborted).AsTask();
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                var delay = Task.Delay(keepAlive, time, tick.Token);
                var done = await Task.WhenAny(waiting, delay);
                await tick.CancelAsync();
                if (done == waiting)
                {
                    if (!await waiting)
                    {
                        break;
                    }
                    waiting = null;
                    while (connection.Commands.TryRead(out var command))
                    {
                        await events.WriteAsync("command", command.RequestId, JsonSerializer.Serialize(command, Wire), aborted);
                    }
                }
                else
                {
                    await events.KeepAliveAsync(aborted);
                    var now = time.GetUtcNow();
                    connection.Seen(now);
                    await store.Nodes.TouchAsync(node.Id, now, version: null, aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The gateway left, the host stops, or a newer stream of the same node replaced this one.
        }
        finally
        {
            hub.Detach(connection);
        }
    }

    private static async Task<IResult> RespondAsync(HttpContext context, ISigilumStore store, GatewayRelayHub hub)
    {
        var node = await GatewayNodeAsync(context, store);
        if (node is null)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "Only gateway nodes registered to the namespace can answer relayed commands.");
        }
        var (body, bodyError) = await JsonBody.ReadAsync<RelayWireResponse>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (body?.RequestId is not { Length: > 0 and <= 64 } requestId || body.Status is not (>= 100 and <= 599) || body.Error is { Length: > 64 })
        {
            return ApiResults.Validation(context, "request_id (1-64 characters) and status (100-599) are required; error is a code of at most 64 characters.");
        }
        var response = new RelayResponse(body.Status.Value, body.Body, body.Error);
        // One answer for unknown, finished and other nodes' commands: a node learns nothing about the others.
        return hub.TryComplete(node.Namespace, node.Id, requestId, new RelayExchange(requestId, response, body.Headers, Answered: true))
            ? Results.Json(new { accepted = true })
            : ApiResults.Error(context, RequestUnknown);
    }

    private static async Task<DataPlaneNode?> GatewayNodeAsync(HttpContext context, ISigilumStore store)
    {
        var caller = context.GetSignedCaller();
        var node = await store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted);
        return node is { Kind: DataPlaneKind.Gateway } ? node : null;
    }
}
