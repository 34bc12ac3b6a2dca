using System.Text.Json.Nodes;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Dids;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Public DID resolution for <c>did:sigilum:&lt;namespace&gt;</c> (spec §4.9): one verification method per
/// distinct approved agent key, a W3C document at <c>/.well-known/did/{did}</c> and a resolution
/// envelope at <c>/1.0/identifiers/{did}</c>.
/// </summary>
internal static class DidEndpoints
{
    private const string DocumentType = "application/did+ld+json";
    private const string ResolutionType = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/did/{did}", async (HttpContext context, string did, ISigilumStore store) =>
        {
            var (document, status, _) = await ResolveAsync(did, store, context.RequestAborted);
            if (document is null)
            {
                return ApiResults.Error(context, status == 400 ? AspNetCore.Errors.ApiErrors.ValidationError : AspNetCore.Errors.ApiErrors.NotFound, status == 400 ? "Not a did:sigilum identifier." : "DID not found.");
            }
            context.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(document.ToJsonString(), DocumentType);
        });
        app.MapGet("/1.0/identifiers/{did}", async (HttpContext context, string did, ISigilumStore store) =>
        {
            var (document, status, error) = await ResolveAsync(did, store, context.RequestAborted);
            var envelope = new JsonObject
            {
                ["@context"] = "https://w3id.org/did-resolution/v1",
                ["didDocument"] = document,
                ["didDocumentMetadata"] = new JsonObject(),
                ["didResolutionMetadata"] = document is null
                    ? new JsonObject { ["error"] = error, ["message"] = status == 400 ? "Not a did:sigilum identifier." : "DID not found." }
                    : new JsonObject { ["contentType"] = DocumentType },
            };
            return Results.Text(envelope.ToJsonString(), ResolutionType, statusCode: status);
        });
    }

    private static async Task<(JsonObject? Document, int Status, string? Error)> ResolveAsync(string did, ISigilumStore store, CancellationToken cancellationToken)
    {
        // Fragments, paths and queries are ignored by the resolver; the namespace part identifies the DID.
        var bare = Uri.UnescapeDataString(did).Split('#', '?', '/')[0];
        var parsed = SigilumDid.ParseNormalizing(bare);
        if (!parsed.IsSuccess)
        {
            return (null, 400, "invalidDid");
        }
        var ns = parsed.Value.Namespace;
        if (await store.Namespaces.GetAsync(ns, cancellationToken) is null)
        {
            return (null, 404, "notFound");
        }
        var keys = new List<DidVerificationKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += 500)
        {
            var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Approved, Limit = 500, Offset = offset }, cancellationToken);
            foreach (var claim in page.Items)
            {
                if (seen.Add(claim.PublicKey) && AgentKeys.TryParse(claim.PublicKey, out var raw))
                {
                    keys.Add(new DidVerificationKey(AgentKeys.KeyId(parsed.Value.Value, raw), raw));
                }
            }
            if (!page.HasMore)
            {
                break;
            }
        }
        return (DidDocumentBuilder.Build(parsed.Value.Value, keys), 200, null);
    }
}
