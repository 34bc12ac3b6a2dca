using Sigilum.AspNetCore.Authentication;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Owners;
using Sigilum.ControlPlane.Signing;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// The audit witness: registered nodes post signed checkpoints; the owner (or the node itself) reads
/// the latest witnessed one to compare with the node's log (<c>sigilum audit verify</c>).
/// </summary>
internal static class WitnessEndpoints
{
    /// <summary>The response header carrying the control plane's signature of an accepted checkpoint.</summary>
    public const string WitnessSignatureHeader = Sigilum.Core.Witness.WitnessClient.SignatureHeader;

    /// <summary>The fields of a signed witness answer, in order (docs/audit-witness.md).</summary>
    public static string[] WitnessFields(string ns, string nodeKey, string challenge, string nodeId, long seq, string head) =>
        [ns, nodeKey, challenge, nodeId, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), head];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/witness/checkpoints", PostAsync).RequireSigilumSignature();
        // Either auth is accepted here, so the route carries neither metadata and checks inside.
        app.MapGet("/v1/witness/nodes/{nodeId}/latest", LatestAsync);
        app.MapGet("/v1/namespaces/{ns}/witness", async (HttpContext context, string ns, ISigilumStore store) =>
        {
            if (ServiceEndpoints.OwnsNamespace(context, ns) is { } denied)
            {
                return denied;
            }
            var latest = (await store.Checkpoints.LatestPerNodeAsync(ns, context.RequestAborted)).ToDictionary(c => c.NodeId, StringComparer.Ordinal);
            var nodes = await store.Nodes.ListAsync(ns, context.RequestAborted);
            return Results.Ok(new
            {
                nodes = nodes.Select(n => new
                {
                    node_id = n.Id, kind = n.Kind.ToString().ToLowerInvariant(), name = n.Name,
                    latest = latest.TryGetValue(n.Id, out var c) ? CheckpointView.From(c) : null,
                }),
            });
        }).RequireOwner();
    }

    private static async Task<IResult> PostAsync(HttpContext context, ISigilumStore store, CheckpointWitness witness, ControlPlaneSigner signer)
    {
        var node = await RegisteredNodes.FindSignerAsync(context, store);
        if (node is null)
        {
            return ApiResults.Error(context, RegisteredNodes.NotRegistered);
        }
        if (SignedEventStream.ReadChallenge(context.Request) is not { } challenge)
        {
            return ApiResults.Validation(context, "challenge must be 16-128 base64url characters.");
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var outcome = await witness.AcceptAsync(node, buffer.ToArray(), context.RequestAborted);
        if (outcome.Error is not null)
        {
            return ApiResults.Error(context, outcome.Error, outcome.Detail);
        }
        var stored = outcome.Checkpoint!;
        // The signed answer (ADR 0024): the node accepts "witnessed" only with this signature, bound to its own
        // key, the challenge it sent and exactly the ⟨node id, seq, head⟩ stored, so an impostor cannot claim it.
        context.Response.Headers[WitnessSignatureHeader] = signer.Sign(ControlPlaneSignature.WitnessAnswer, WitnessFields(node.Namespace, node.PublicKey, challenge, stored.NodeId, stored.Seq, stored.Head));
        return Results.Json(
            new { node_id = stored.NodeId, seq = stored.Seq, head = stored.Head, accepted = true, duplicate = outcome.Duplicate },
            statusCode: outcome.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> LatestAsync(
        HttpContext context, string nodeId, ISigilumStore store, OwnerAuthentication owners, SignedRequestAuthenticator signatures, AuthFailureLimiter limiter)
    {
        var node = await store.Nodes.GetAsync(nodeId, context.RequestAborted);
        string? callerNamespace = null;
        var isThatNode = false;
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var (owner, error) = await owners.AuthenticateAsync(context);
            if (error is not null)
            {
                limiter.RecordFailure(context);
                return ApiResults.Error(context, error);
            }
            callerNamespace = owner!.Namespace;
        }
        else
        {
            var (caller, error, detail) = await signatures.AuthenticateAsync(context);
            if (caller is null)
            {
                limiter.RecordFailure(context);
                return ApiResults.Error(context, error!, detail);
            }
            isThatNode = node is not null && caller.Namespace == node.Namespace && caller.PublicKey == node.PublicKey;
        }
        // Someone else's node is invisible, not forbidden.
        if (node is null || !(isThatNode || callerNamespace == node.Namespace))
        {
            return ApiResults.NotFound(context, "Node");
        }
        var latest = await store.Checkpoints.LatestAsync(node.Id, context.RequestAborted);
        return latest is null ? ApiResults.NotFound(context, "Checkpoint") : Results.Ok(CheckpointView.From(latest));
    }
}
