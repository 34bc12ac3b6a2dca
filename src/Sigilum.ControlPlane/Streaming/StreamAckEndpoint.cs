using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.Core.Storage;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// <c>POST /v1/stream/ack</c> <c>{"challenge":"…","seq":N}</c>, signed by the node: "on my stream connection
/// <c>challenge</c> I applied everything up to event id N" (ADR 0027). A revocation waits for it. The connection is
/// named by the challenge the node chose for it (ADR 0024) and must be the caller's own, in the caller's namespace; N
/// must have been sent on it. Unknown, foreign and closed connections get one answer, so a node learns nothing about
/// the others.
/// </summary>
internal static class StreamAckEndpoint
{
    public static readonly ApiError StreamUnknown = ApiError.Of(ErrorCatalogue.StreamUnknown);
    public static readonly ApiError PositionUnknown = ApiError.Of(ErrorCatalogue.StreamPositionUnknown);

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/v1/stream/ack", AckAsync).RequireSigilumSignature();

    private static async Task<IResult> AckAsync(HttpContext context, ISigilumStore store, StreamSubscribers subscribers)
    {
        var caller = context.GetSignedCaller();
        var node = await store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted);
        if (node is null)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "Only gateways and vaults registered to the namespace can acknowledge its stream.");
        }
        var (body, bodyError) = await JsonBody.ReadAsync<StreamAck>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (body?.Challenge is not { } challenge || !ControlPlaneSignature.IsValidChallenge(challenge) || body.Seq is not (>= 0 and var seq))
        {
            return ApiResults.Validation(context, "challenge (the stream's, 16-128 base64url characters) and seq (an event id sent on it, >= 0) are required.");
        }
        return subscribers.Acknowledge(node.Namespace, caller.PublicKey, challenge, seq) switch
        {
            StreamAckResult.Applied => Results.Json(new { acknowledged = seq }),
            StreamAckResult.UnknownPosition => ApiResults.Error(context, PositionUnknown),
            _ => ApiResults.Error(context, StreamUnknown),
        };
    }
}
