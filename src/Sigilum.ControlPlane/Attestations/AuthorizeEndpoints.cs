using System.Text.Json;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Sigil Sign's agent-facing API, signed by the agent's Sigilum key: <c>POST /v1/authorize</c> and
/// <c>GET /v1/holds/{id}</c>. Decisions (APPROVED, HOLD, DENIED) are HTTP 200 with Sign's JSON body and
/// <c>X-SOF-Version</c>, because Sign answers decisions in the body; a request we cannot decide
/// (unsigned, replayed, malformed) is a problem+json error instead.
/// </summary>
internal static class AuthorizeEndpoints
{
    public const string VersionHeader = "X-SOF-Version";
    public const string Version = "sigil-attestations-v1";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/authorize", AuthorizeAsync).RequireSigilumSignature();
        app.MapGet("/v1/holds/{id}", HoldAsync).RequireSigilumSignature();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, AttestationAuthorizer authorizer)
    {
        var caller = context.GetSignedCaller();
        // The signature middleware already buffered (and bounded) the body; Sign's own limit is lower.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > AuthorizeRequestParser.MaxBodyBytes)
        {
            return ApiResults.Error(context, ApiErrors.BodyTooLarge, $"The body exceeds {AuthorizeRequestParser.MaxBodyBytes / 1024} KiB.");
        }
        AuthorizeRequest? request;
        string error;
        try
        {
            request = AuthorizeRequestParser.Parse(body.GetBuffer().AsMemory(0, (int)body.Length), out error);
        }
        catch (JsonException)
        {
            return ApiResults.Error(context, ApiErrors.InvalidJson);
        }
        if (request is null)
        {
            return ApiResults.Validation(context, error);
        }
        var decision = await authorizer.DecideAsync(caller, request, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        MarkDecision(context);
        return Results.Json(decision);
    }

    // Only the key that owns the hold may read it; to anyone else it does not exist.
    private static async Task<IResult> HoldAsync(HttpContext context, string id, ISigilumStore store, TimeProvider time)
    {
        var caller = context.GetSignedCaller();
        var claim = id.Length <= 64 ? await store.Claims.GetAsync(id, context.RequestAborted) : null;
        if (claim is null || claim.Namespace != caller.Namespace || claim.PublicKey != caller.PublicKey)
        {
            return ApiResults.NotFound(context, "Hold");
        }
        MarkDecision(context);
        return Results.Json(HoldView.From(claim, time.GetUtcNow(), caller.Subject));
    }

    private static void MarkDecision(HttpContext context)
    {
        context.Response.Headers[VersionHeader] = Version;
        context.Response.Headers.CacheControl = "no-store";
    }
}
