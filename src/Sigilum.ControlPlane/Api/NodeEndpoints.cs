using Sigilum.ControlPlane.Api.Views;
using Sigilum.Core.Ids;
using Sigilum.Core.Nodes;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Api;

/// <summary>Gateways and vaults registered to a namespace (owner only); their keys authenticate the push stream.</summary>
internal static class NodeEndpoints
{
    public sealed record RegisterNodeRequest(string? Kind, string? Name, string? PublicKey, string? Version);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/namespaces/{ns}/nodes").RequireOwner();
        group.MapPost("/", RegisterAsync);
        group.MapGet("/", async (HttpContext context, string ns, ISigilumStore store) =>
            ServiceEndpoints.OwnsNamespace(context, ns) ?? Results.Ok(new { nodes = (await store.Nodes.ListAsync(ns, context.RequestAborted)).Select(NodeView.From) }));
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, string ns, ISigilumStore store, TimeProvider time, Signing.ControlPlaneSigner signer)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<RegisterNodeRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (ServiceEndpoints.OwnsNamespace(context, ns) is { } denied)
        {
            return denied;
        }
        if (!Enum.TryParse<DataPlaneKind>(body?.Kind, ignoreCase: true, out var kind) || int.TryParse(body?.Kind, out _))
        {
            return ApiResults.Validation(context, "kind must be gateway or vault.");
        }
        if (!AgentKeys.TryParse(body?.PublicKey, out _))
        {
            return ApiResults.Validation(context, "public_key must be ed25519:<base64 of 32 bytes>.");
        }
        var node = await store.Nodes.RegisterAsync(new DataPlaneNode
        {
            Id = IdGenerator.New(kind == DataPlaneKind.Gateway ? "gw_" : "vt_"), Namespace = ns, Kind = kind,
            Name = InputRules.Text(body!.Name, 128) ?? kind.ToString().ToLowerInvariant(), PublicKey = body.PublicKey!,
            Version = InputRules.Text(body.Version, 64), RegisteredAt = time.GetUtcNow(),
        }, context.RequestAborted);
        return Results.Json(NodeView.From(node) with { ControlPlaneKey = signer.PublicKey }, statusCode: StatusCodes.Status201Created);
    }
}
