using System.Globalization;
using Sigilum.AspNetCore.Authentication;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Passkeys;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.SignIn;

/// <summary>
/// Signing in and out. Opening a link only shows a confirm button (link previewers and scanners that fetch it do
/// not use it up); the post consumes it and starts a session. Password sign-in shares the failure limiter with
/// the API, and a wrong namespace and a wrong password get the same answer.
/// </summary>
internal static class SignInEndpoints
{
    private static readonly string UnusableHash = OwnerPasswordHasher.Hash(Guid.NewGuid().ToString("N"));

    internal static async Task<IResult> SignOutAsync(HttpContext context, DashboardSessions sessions)
    {
        await sessions.EndAsync(context);
        return Results.Redirect(DashboardPaths.SignIn + "?signed-out=1", permanent: false, preserveMethod: false);
    }

    internal static async Task<IResult> ShowAsync(HttpContext context, SignInLinks links, string? code)
    {
        string? message = context.Request.Query.ContainsKey("expired") ? "Your session has expired. Sign in again."
            : context.Request.Query.ContainsKey("signed-out") ? "You are signed out." : null;
        if (code is null)
        {
            return Page(context, new SignInModel(null, null, message));
        }
        var link = await links.PeekAsync(code, context.RequestAborted);
        return link is null
            ? DashboardPages.Error(context, StatusCodes.Status410Gone, DashboardErrors.LinkInvalid)
            : Page(context, new SignInModel(code, link.Namespace, message));
    }

    internal static async Task<IResult> WithLinkAsync(HttpContext context, SignInLinks links, DashboardSessions sessions, ISigilumStore store)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        // Checked before the link is used up, so the refusal does not burn it (ADR 0056).
        if (await links.PeekAsync(form["code"], context.RequestAborted) is { } peeked && await store.Passkeys.IsRequiredAsync(peeked.Namespace, context.RequestAborted))
        {
            return DashboardPages.Error(context, StatusCodes.Status403Forbidden, PasskeyErrors.Required);
        }
        var link = await links.ConsumeAsync(form["code"], context.RequestAborted);
        if (link is null)
        {
            return DashboardPages.Error(context, StatusCodes.Status410Gone, DashboardErrors.LinkInvalid);
        }
        await sessions.StartAsync(context, link.OwnerId, link.Namespace);
        return DashboardPages.Done(DashboardPaths.Root, "signed-in");
    }

    internal static async Task<IResult> WithPasswordAsync(HttpContext context, ISigilumStore store, DashboardSessions sessions, AuthFailureLimiter limiter)
    {
        if (limiter.RetryAfterSeconds(context) is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            return DashboardPages.Error(context, StatusCodes.Status429TooManyRequests, DashboardErrors.RateLimited);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["namespace"].ToString().Trim();
        var password = form["password"].ToString();
        var ns = name.Length is > 0 and <= 64 ? await store.Namespaces.GetAsync(name, context.RequestAborted) : null;
        var owner = ns is null ? null : await store.Namespaces.GetOwnerAsync(ns.OwnerId, context.RequestAborted);
        // Verify even when there is no owner, against a hash that never matches, so timing does not reveal namespaces.
        var valid = OwnerPasswordHasher.Verify(password, owner?.PasswordHash ?? UnusableHash) && owner?.PasswordHash is not null;
        if (!valid)
        {
            limiter.RecordFailure(context);
            return Page(context, new SignInModel(null, null, DashboardErrors.PasswordInvalid.Detail, name), StatusCodes.Status401Unauthorized);
        }
        // Only after the password is right, so the answer to a wrong one does not reveal whether a namespace requires a passkey.
        if (await store.Passkeys.IsRequiredAsync(owner!.Namespace, context.RequestAborted))
        {
            return DashboardPages.Error(context, StatusCodes.Status403Forbidden, PasskeyErrors.Required);
        }
        await sessions.StartAsync(context, owner!.Id, owner.Namespace);
        return DashboardPages.Done(DashboardPaths.Root, "signed-in");
    }

    private static IResult Page(HttpContext context, SignInModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<SignInPage>(context, "Sign in", model, status);
}
