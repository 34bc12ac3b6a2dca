using System.Globalization;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.Core.Ids;
using Sigilum.Core.Nodes;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Pairing;

/// <summary>
/// Pairing a gateway that runs on another machine (spec §4.10): the owner starts a session and gets a code; on the
/// gateway's machine <c>sigilum gateway connect</c> proves possession of the gateway key (a signed request) and
/// the code, and the key becomes a gateway node of the namespace. No inbound port is needed on the gateway side:
/// from then on it follows the approvals stream outbound.
/// </summary>
internal static class PairingEndpoints
{
    public static readonly ApiError CodeInvalid = ApiError.Of(ErrorCatalogue.PairingCodeInvalid);

    public sealed record StartRequest(string? Namespace, int? TtlSeconds);

    public sealed record RegisterRequest(string? SessionId, string? PairCode, string? Name, string? Version);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/gateway/pairing/start", StartAsync).RequireOwner();
        app.MapPost("/v1/gateway/pairing/register", RegisterAsync).RequireSigilumSignature();
    }

    private static async Task<IResult> StartAsync(HttpContext context, PairingSessions sessions)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<StartRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var owner = context.GetOwner();
        if (body?.Namespace is { } ns && ns != owner.Namespace)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "You can only pair gateways into your own namespace.");
        }
        var ttl = body?.TtlSeconds ?? PairingSessions.DefaultTtlSeconds;
        if (!PairingSessions.IsValidTtl(ttl))
        {
            return ApiResults.Validation(context, $"ttl_seconds must be {PairingSessions.MinTtlSeconds}-{PairingSessions.MaxTtlSeconds}.");
        }
        var started = await sessions.StartAsync(owner.OwnerId, owner.Namespace, ttl, context.RequestAborted);
        return Results.Json(new
        {
            session_id = started.SessionId,
            @namespace = started.Namespace,
            pair_code = started.Code,
            expires_at = started.ExpiresAt,
            ttl_seconds = started.TtlSeconds,
        }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, ISigilumStore store, TimeProvider time, AuthFailureLimiter limiter, Signing.ControlPlaneSigner signer)
    {
        if (limiter.RetryAfterSeconds(context) is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            return ApiResults.Error(context, ApiErrors.RateLimited, "Too many failed pairing attempts; wait and try again.");
        }
        var (body, bodyError) = await JsonBody.ReadAsync<RegisterRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (!PairingCodes.LooksValid(body?.SessionId, body?.PairCode))
        {
            return ApiResults.Validation(context, $"session_id must be a UUID and pair_code {PairingCodes.CodeLength} characters from {PairingCodes.Alphabet}.");
        }
        var caller = context.GetSignedCaller();
        var now = time.GetUtcNow();
        var hash = PairingCodes.Hash(body!.SessionId!, body.PairCode!);
        var session = await store.Sessions.FindAsync(hash, context.RequestAborted);
        // One answer for unknown, expired, used and wrong-namespace sessions: a guesser learns nothing.
        if (session is null || session.Kind != OwnerSessionKind.PairingCode || !session.IsUsable(now) || session.Namespace != caller.Namespace
            || !await store.Sessions.ConsumeAsync(hash, now, context.RequestAborted))
        {
            limiter.RecordFailure(context);
            return ApiResults.Error(context, CodeInvalid);
        }
        var existing = await store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted);
        var node = existing ?? await store.Nodes.RegisterAsync(new DataPlaneNode
        {
            Id = IdGenerator.New("gw_"),
            Namespace = caller.Namespace,
            Kind = DataPlaneKind.Gateway,
            Name = InputRules.Text(body.Name, 128) ?? "gateway",
            PublicKey = caller.PublicKey,
            Version = InputRules.Text(body.Version, 64),
            RegisteredAt = now,
        }, context.RequestAborted);
        // The gateway pins the control-plane key from this answer (ADR 0024).
        return Results.Json(NodeView.From(node) with { ControlPlaneKey = signer.PublicKey }, statusCode: existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
