using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>The admin gate's refusals (spec §3.3 codes, plus our host, origin and rate-limit checks; ADR 0020).</summary>
internal static class AdminAccessErrors
{
    public static readonly GatewayError TokenNotConfigured = GatewayError.Of(ErrorCatalogue.AdminTokenNotConfigured, "This admin route needs the admin token, but the gateway has none configured.");
    public static readonly GatewayError TokenRequired = GatewayError.Of(ErrorCatalogue.AdminTokenRequired,
        "A valid admin token is required (X-Sigilum-Admin-Token); on the gateway's host it is the file admin.token in the gateway's data directory.");
    public static readonly GatewayError LoopbackRequired = GatewayError.Of(ErrorCatalogue.AdminLoopbackRequired, "Admin routes are only available from loopback.");
    public static readonly GatewayError TokenOrLoopbackRequired = GatewayError.Of(ErrorCatalogue.AdminTokenOrLoopbackRequired, "Admin routes require a valid admin token or a loopback client.");
    public static readonly GatewayError HostNotAllowed = GatewayError.Of(ErrorCatalogue.AdminHostNotAllowed, "Admin routes reached from loopback must use a loopback host name.");
    public static readonly GatewayError OriginNotAllowed = GatewayError.Of(ErrorCatalogue.AdminOriginNotAllowed, "This origin may not call the admin routes.");
    public static readonly GatewayError RateLimited = GatewayError.Of(ErrorCatalogue.AdminRateLimited, "Too many wrong admin tokens from this address; try again later.");
}
