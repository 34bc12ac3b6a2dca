using System.Globalization;
using Sigilum.AspNetCore.Authentication;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Dashboard.Sessions;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// Passkey sign-in (public) and registration (signed in). Each ceremony is two posts from a dashboard page, both
/// through the same-origin and antiforgery checks: the first returns the options as JSON and sets the ceremony
/// cookie; the page's script runs the browser's WebAuthn call and posts the answer as an ordinary form, whose
/// refusals are pages with a stable code. Failed sign-ins count against the same per-address limiter as passwords.
/// </summary>
internal static class PasskeyEndpoints
{
    public const string SignInPath = DashboardPaths.SignIn + "/passkey";

    internal static async Task<IResult> SignInOptionsAsync(HttpContext context, PasskeyCeremonies ceremonies) =>
        Options(context, await ceremonies.StartSignInAsync(context.RequestAborted));

    internal static async Task<IResult> RegistrationOptionsAsync(HttpContext context, PasskeyCeremonies ceremonies) =>
        Options(context, await ceremonies.StartRegistrationAsync(context.Owner(), context.RequestAborted));

    internal static async Task<IResult> SignInAsync(
        HttpContext context, PasskeyCeremonies ceremonies, DashboardSessions sessions, AuthFailureLimiter limiter)
    {
        if (limiter.RetryAfterSeconds(context) is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            return DashboardPages.Error(context, StatusCodes.Status429TooManyRequests, DashboardErrors.RateLimited);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = PasskeyCookie.Read(context);
        PasskeyCookie.Delete(context);
        var result = await ceremonies.FinishSignInAsync(token, form["response"], context.RequestAborted);
        if (result.Error is { } error)
        {
            limiter.RecordFailure(context);
            return DashboardPages.Error(context, error.Status, error);
        }
        await sessions.StartAsync(context, result.Value!.OwnerId, result.Value.Namespace);
        return DashboardPages.Done(DashboardPaths.Root, "signed-in");
    }

    internal static async Task<IResult> RegisterAsync(HttpContext context, PasskeyCeremonies ceremonies)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = PasskeyCookie.Read(context);
        PasskeyCookie.Delete(context);
        var result = await ceremonies.FinishRegistrationAsync(context.Owner(), token, form["response"], form["name"], context.RequestAborted);
        return result.Error is { } error
            ? DashboardPages.Error(context, error.Status, error)
            : DashboardPages.Done(DashboardPaths.Settings, "passkey-added");
    }

    private static IResult Options(HttpContext context, PasskeyStart start)
    {
        PasskeyCookie.Write(context, start.Token, start.ExpiresAt);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(start.OptionsJson, "application/json");
    }
}
