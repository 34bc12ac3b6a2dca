using Microsoft.AspNetCore.Http;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// The ceremony cookie: a random token whose hash keys the pending challenge, so only the browser that asked for the
/// options can answer them (the challenge is bound to that browser, and for a registration also to its session).
/// HttpOnly, SameSite=Strict, scoped to the dashboard, gone when the ceremony ends.
/// </summary>
internal static class PasskeyCookie
{
    public const string Name = "sigilum_webauthn";

    public static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Write(HttpContext context, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, token, Options(context, expires));

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = Sessions.DashboardCookie.Path,
        Expires = expires,
        IsEssential = true,
    };
}
