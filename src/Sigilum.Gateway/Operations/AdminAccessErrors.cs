using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>The admin gate's refusals (spec §3.3 codes, plus our host and origin checks).</summary>
internal static class AdminAccessErrors
{
    public static readonly GatewayError TokenNotConfigured = new(StatusCodes.Status500InternalServerError, GatewayErrorCodes.AdminTokenNotConfigured, "Admin token mode is enabled but no admin token is configured.");
    public static readonly GatewayError TokenRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminTokenRequired, "A valid admin token is required.");
    public static readonly GatewayError LoopbackRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminLoopbackRequired, "Admin routes are only available from loopback.");
    public static readonly GatewayError TokenOrLoopbackRequired = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminTokenOrLoopbackRequired, "Admin routes require a valid admin token or a loopback client.");
    public static readonly GatewayError HostNotAllowed = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminHostNotAllowed, "Admin routes reached from loopback must use a loopback host name.");
    public static readonly GatewayError OriginNotAllowed = new(StatusCodes.Status403Forbidden, GatewayErrorCodes.AdminOriginNotAllowed, "This origin may not call the admin routes.");
}
