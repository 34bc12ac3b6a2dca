using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Dashboard.SignIn;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Owners;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Owner tokens for the CLI. <c>POST /v1/auth/login</c> is signed by the owner's own identity key — the
/// key that registered the namespace — so no password is involved; the token is shown once. An owner token can
/// ask for a one-time dashboard sign-in link (<c>POST /v1/auth/sign-in-links</c>; with <c>?recovery=true</c> it
/// first lifts the namespace's passkey requirement, ADR 0056).
/// </summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/auth/login", LoginAsync).RequireSigilumSignature();
        app.MapPost("/v1/auth/logout", LogoutAsync).RequireOwner();
        app.MapPost("/v1/auth/sign-in-links", async (HttpContext context, SignInLinks links, ISigilumStore store, TimeProvider time, string? recovery) =>
        {
            var owner = context.GetOwner();
            // The passkey recovery path (ADR 0056): the owner token comes from the identity key, which already controls
            // the namespace, so it may lift the "require a passkey" setting; the link it gets then signs in as before.
            var lifted = string.Equals(recovery, "true", StringComparison.OrdinalIgnoreCase)
                && await store.Passkeys.IsRequiredAsync(owner.Namespace, context.RequestAborted);
            if (lifted)
            {
                await store.Passkeys.SetRequiredAsync(owner.Namespace, required: false, time.GetUtcNow(), context.RequestAborted);
            }
            var (url, expires) = await links.CreateAsync(context, owner.OwnerId, owner.Namespace);
            return Results.Json(new { url, @namespace = owner.Namespace, expires_at = expires, passkey_requirement_lifted = lifted }, statusCode: StatusCodes.Status201Created);
        }).RequireOwner();
        app.MapGet("/v1/auth/me", (HttpContext context) =>
        {
            var owner = context.GetOwner();
            return Results.Ok(new { @namespace = owner.Namespace, owner_id = owner.OwnerId });
        }).RequireOwner();
    }

    private static async Task<IResult> LoginAsync(HttpContext context, ISigilumStore store, TimeProvider time, IOptions<ControlPlaneOptions> options)
    {
        var caller = context.GetSignedCaller();
        var ns = await store.Namespaces.GetAsync(caller.Namespace, context.RequestAborted);
        var owner = ns is null ? null : await store.Namespaces.GetOwnerAsync(ns.OwnerId, context.RequestAborted);
        if (owner is null || !string.Equals(owner.PublicKey, caller.PublicKey, StringComparison.Ordinal))
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "Only the namespace owner's key can sign in.");
        }
        var (token, expires) = await store.Sessions.IssueAsync(
            OwnerSessionKind.CliToken, OwnerAuthentication.TokenPrefix, owner.Id, owner.Namespace, time.GetUtcNow(), TimeSpan.FromDays(options.Value.OwnerTokenDays), context.RequestAborted);
        return Results.Ok(new { token, @namespace = owner.Namespace, owner_id = owner.Id, expires_at = expires });
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        await store.Sessions.RevokeAsync(context.GetOwner().TokenHash, time.GetUtcNow(), context.RequestAborted);
        return Results.NoContent();
    }
}
