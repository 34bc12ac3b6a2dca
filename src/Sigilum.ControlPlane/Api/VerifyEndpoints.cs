using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Api;

/// <summary><c>GET /v1/verify</c> (one key) and the approved-claims feed a service reads (spec §4.6).</summary>
internal static class VerifyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/verify", VerifyAsync).RequireSigilumSignature();
        app.MapGet("/v1/namespaces/claims", FeedAsync).RequireSigilumSignature().RequireServiceKey();
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, ISigilumStore store, TimeProvider time, string? @namespace, string? public_key, string? service, string? subject)
    {
        if (string.IsNullOrEmpty(@namespace) || string.IsNullOrEmpty(public_key) || string.IsNullOrEmpty(service))
        {
            return ApiResults.Validation(context, "namespace, public_key and service are required.");
        }
        if (context.GetSignedCaller().Namespace != @namespace)
        {
            return ApiResults.Error(context, ApiErrors.SignatureNamespaceMismatch);
        }
        var claim = await store.Claims.FindAsync(@namespace, service, public_key, context.RequestAborted);
        if (claim is null || !claim.Authorizes(time.GetUtcNow(), subject))
        {
            var reason = claim is { Status: ClaimStatus.Approved } ? "approval_out_of_scope" : "no_approved_claim";
            return Results.Ok(new { authorized = false, reason });
        }
        return Results.Ok(new { authorized = true, claim_id = claim.Id, approved_at = claim.ApprovedAt, expires_at = claim.ExpiresAt });
    }

    private static async Task<IResult> FeedAsync(HttpContext context, ISigilumStore store, TimeProvider time, string? service, int? limit, int? offset)
    {
        var key = context.GetServiceKey();
        if (service is not null && service != key.Slug)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "The service key is for another service.");
        }
        var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = key.Namespace, Service = key.Slug, Status = ClaimStatus.Approved, Limit = Math.Clamp(limit ?? 500, 1, 2000), Offset = Math.Max(offset ?? 0, 0) }, context.RequestAborted);
        var now = time.GetUtcNow();
        var claims = page.Items.Where(c => c.Authorizes(now)).Select(c => new
        {
            claim_id = c.Id, @namespace = c.Namespace, public_key = c.PublicKey, service = c.Service, subject = c.Subject,
            agent_id = c.AgentId, agent_name = c.AgentName, approved_at = c.ApprovedAt, expires_at = c.ExpiresAt, allowed_subjects = c.AllowedSubjects,
        });
        return Results.Ok(new { claims, pagination = new { limit = page.Limit, offset = page.Offset, total = page.Total, has_more = page.HasMore } });
    }
}
