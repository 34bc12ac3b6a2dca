using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>The admin gate's refusals (spec §3.3 codes, plus our host, origin and rate-limit checks; ADR 0020).</summary>
internal static class AdminAccessErrors
{
    public static readonly GatewayError TokenNotConfigured = new(StatusCodes.Status500InternalServerError, GatewayErrorCodes.AdminTokenNotConfigured, "This admin route needs the admin token, but the gateway has none configured.");
    public static readonly GatewayError TokenRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminTokenRequired,
        "A valid admin token is required (X-Sigilum-Admin-Token); on the gateway's host it is the file admin.token in the gateway's data directory.");
    public static readonly GatewayError LoopbackRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminLoopbackRequired, "Admin routes are only available from loopback.");
    public static readonly GatewayError TokenOrLoopbackRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminTokenOrLoopbackRequired, "Admin routes require a valid admin token or a loopback client.");
    public static readonly GatewayError HostNotAllowed = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminHostNotAllowed, "Admin routes reached from loopback must use a loopback host name.");
    public static readonly GatewayError OriginNotAllowed = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminOriginNotAllowed, "This origin may not call the admin routes.");
    public static readonly GatewayError RateLimited = new(StatusCodes.Status429TooManyRequests, GatewayErrorCodes.AdminRateLimited, "Too many wrong admin tokens from this address; try again later.");
}
