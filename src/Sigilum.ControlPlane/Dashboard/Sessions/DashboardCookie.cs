using Microsoft.AspNetCore.Http;

namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>
/// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page can send it, so a
/// cross-site form post arrives signed out), Secure whenever the dashboard is served over TLS, scoped to the
/// dashboard's path.
/// </summary>
internal static class DashboardCookie
{
    public const string Name = "sigilum_session";
    public const string Path = "/dashboard";

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
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };
}
