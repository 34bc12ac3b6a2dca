namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>
/// How every dashboard cookie is kept: HttpOnly (no script reads it), SameSite=Strict (no other site's page can send
/// it, so a cross-site form post arrives without it), Secure whenever the dashboard is served over TLS, scoped to the
/// dashboard's path. One place, so the session and the passkey ceremony cookies cannot drift apart.
/// </summary>
internal static class StrictCookie
{
    public static string? Read(HttpContext context, string name) =>
        context.Request.Cookies.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Write(HttpContext context, string name, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(name, token, Options(context, expires));

    public static void Delete(HttpContext context, string name) => context.Response.Cookies.Delete(name, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = DashboardCookie.Path,
        Expires = expires,
        IsEssential = true,
    };
}
