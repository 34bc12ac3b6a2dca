using Sigilum.ControlPlane.Dashboard.Sessions;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// The ceremony cookie: a random token whose hash keys the pending challenge, so only the browser that asked for the
/// options can answer them (the challenge is bound to that browser, and for a registration also to its session).
/// Kept as every dashboard cookie is (<see cref="StrictCookie"/>), gone when the ceremony ends.
/// </summary>
internal static class PasskeyCookie
{
    public const string Name = "sigilum_webauthn";

    public static string? Read(HttpContext context) => StrictCookie.Read(context, Name);

    public static void Write(HttpContext context, string token, DateTimeOffset expires) => StrictCookie.Write(context, Name, token, expires);

    public static void Delete(HttpContext context) => StrictCookie.Delete(context, Name);
}
