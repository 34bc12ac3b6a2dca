namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>The session cookie, kept as every dashboard cookie is (<see cref="StrictCookie"/>).</summary>
internal static class DashboardCookie
{
    public const string Name = "sigilum_session";
    public const string Path = "/dashboard";

    public static string? Read(HttpContext context) => StrictCookie.Read(context, Name);

    public static void Write(HttpContext context, string token, DateTimeOffset expires) => StrictCookie.Write(context, Name, token, expires);

    public static void Delete(HttpContext context) => StrictCookie.Delete(context, Name);
}
