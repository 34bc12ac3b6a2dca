using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// The owner's JSON API over the relay, shaped like Sigilum's (spec §4.10 step 4) but addressed by gateway node
/// instead of pairing session: <c>POST /v1/gateway/pairing/command</c> and <c>GET /v1/gateway/pairing/status</c>.
/// A gateway's answer (whatever its status) is 200 with that status inside; a relay failure is problem+json
/// with its own status and code (<see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/>).
/// </summary>
internal static class RelayOwnerEndpoints
{
    public sealed record CommandRequest(string? NodeId, string? Method, string? Path, Dictionary<string, string>? Headers, string? Body, int? TimeoutMs);

    private static readonly Dictionary<string, ApiError> Errors = new(StringComparer.Ordinal)
    {
        [ErrorCatalogue.GatewayNotConnected] = ApiError.Of(ErrorCatalogue.GatewayNotConnected),
        [ErrorCatalogue.GatewayRelayTimeout] = ApiError.Of(ErrorCatalogue.GatewayRelayTimeout),
        [ErrorCatalogue.GatewayRelayFailed] = ApiError.Of(ErrorCatalogue.GatewayRelayFailed),
        [ErrorCatalogue.RelayPathNotAllowed] = ApiError.Of(ErrorCatalogue.RelayPathNotAllowed),
        [ErrorCatalogue.RelayPlaintextSecret] = ApiError.Of(ErrorCatalogue.RelayPlaintextSecret),
        [ErrorCatalogue.RelayBodyInvalid] = ApiError.Of(ErrorCatalogue.RelayBodyInvalid),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/gateway/pairing/command", CommandAsync).RequireOwner();
        app.MapGet("/v1/gateway/pairing/status", Status).RequireOwner();
    }

    private static async Task<IResult> CommandAsync(HttpContext context, GatewayRelayHub hub)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CommandRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (body?.NodeId is not { Length: > 0 } nodeId || body.Method is not { Length: > 0 } method || body.Path is not { Length: > 0 } path)
        {
            return ApiResults.Validation(context, "node_id, method and path are required.");
        }
        if (body.TimeoutMs is < 1000 or > 60000)
        {
            return ApiResults.Validation(context, "timeout_ms must be 1000-60000.");
        }
        var owner = context.GetOwner();
        var timeout = body.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        // Request headers are not relayed: the gateway's dispatcher sets the only ones its admin API needs.
        var exchange = await hub.ExchangeAsync(owner.Namespace, nodeId, new RelayCommand(method, path, body.Body, timeout), context.RequestAborted);
        var response = exchange.Response;
        if (!exchange.Answered)
        {
            var error = response.ErrorCode is { } code && Errors.TryGetValue(code, out var known) ? known : ApiErrors.InternalError;
            return ApiResults.Error(context, error, exchange.RequestId is null ? null : "Request " + exchange.RequestId + ": " + error.Title);
        }
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            request_id = exchange.RequestId,
            status = response.Status,
            headers = exchange.Headers ?? new Dictionary<string, string>(),
            body = response.Body,
            error = response.ErrorCode,
        });
    }

    private static IResult Status(HttpContext context, GatewayRelayHub hub)
    {
        var owner = context.GetOwner();
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            @namespace = owner.Namespace,
            gateways = hub.Connected(owner.Namespace).Select(g => new
            {
                node_id = g.NodeId,
                encryption_key = g.EncryptionKey,
                encryption_key_id = g.EncryptionKeyId,
                connected_at = g.ConnectedAt,
                last_seen_at = g.LastSeenAt,
            }),
        });
    }
}
