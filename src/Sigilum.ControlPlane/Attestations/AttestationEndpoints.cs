using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Jose;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// The attestation issuer's routes: the public JWKS and key list, owner-triggered rotation, and (via
/// <see cref="AuthorizeEndpoints"/>) Sign's <c>/v1/authorize</c> and <c>/v1/holds/{id}</c>.
/// </summary>
internal static class AttestationEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";

    // Short, so a verifier that caches the set sees a rotation within a minute (and refetches on an unknown kid).
    private const string JwksCacheControl = "public, max-age=60";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(JwksPath, JwksAsync);
        app.MapGet("/v1/attestations/keys", KeysAsync);
        app.MapPost("/v1/attestations/keys/rotate", RotateAsync).RequireOwner();
        AuthorizeEndpoints.Map(app);
    }

    private static async Task<IResult> JwksAsync(HttpContext context, AttestationKeyRing keys)
    {
        var published = await keys.PublishedAsync(context.RequestAborted);
        var jwks = new Jwks(published.Take(Jwks.MaxKeys).Select(k => Jwk.FromPublicKey(k.PublicKey, k.Kid)));
        context.Response.Headers.CacheControl = JwksCacheControl;
        return Results.Text(jwks.ToJson(), "application/json");
    }

    private static async Task<IResult> KeysAsync(HttpContext context, AttestationKeyRing keys, IOptions<ControlPlaneOptions> options)
    {
        var published = await keys.PublishedAsync(context.RequestAborted);
        var settings = options.Value.Attestations;
        return Results.Json(new
        {
            issuer = settings.Issuer,
            audience = settings.Audience,
            jwks_uri = context.Request.Scheme + "://" + context.Request.Host.Value + JwksPath,
            keys = published.Select(SigningKeyView.From),
        });
    }

    // Any namespace owner may rotate: rotation cannot weaken anything (old keys stay published for the
    // grace period) and is capped by AttestationKeyRing.MaxPublishedKeys.
    private static async Task<IResult> RotateAsync(HttpContext context, AttestationKeyRing keys)
    {
        var rotation = await keys.RotateAsync(onlyWhenDue: false, context.RequestAborted);
        if (rotation is null)
        {
            return ApiResults.Error(context, ApiError.Of(ErrorCatalogue.AttestationKeyRotationLimited));
        }
        var current = SigningKeyView.From(rotation.Current);
        return Results.Json(new { kid = current.Kid, fingerprint = current.Fingerprint, created_at = current.CreatedAt, retired = rotation.Retired });
    }
}
