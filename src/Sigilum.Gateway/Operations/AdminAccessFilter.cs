using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The admin gate on <c>/metrics</c> and the <c>/api/admin</c> group (spec §3.9, ADR 0020): evaluates
/// <see cref="AdminAccessPolicy"/> for the route's <see cref="AdminRouteAccess"/> (a GET/HEAD on a route marked
/// <see cref="LoopbackReadable"/> is a loopback read, anything else an operator call), writes one <c>admin_access_granted</c> / <c>admin_access_denied</c>
/// decision line with <c>via</c> and <c>reason_code</c>, and answers refusals in the gateway envelope.
/// </summary>
internal sealed class AdminAccessFilter(AdminAccessPolicy policy, IDecisionLog log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var decision = policy.Evaluate(http, AccessOf(http));
        log.Write(decision.Granted ? "admin_access_granted" : "admin_access_denied", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["via"] = decision.Via,
            ["reason_code"] = decision.ReasonCode,
            ["method"] = http.Request.Method,
            ["path"] = http.Request.Path.Value,
            ["remote_ip"] = ClientAddress.Resolve(http, policy.TrustedProxies)?.ToString(),
            ["request_id"] = Sigilum.AspNetCore.RequestIds.RequestIdMiddleware.Get(http),
        });
        if (decision.Granted)
        {
            return await next(context);
        }
        if (decision.RetryAfterSeconds is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await GatewayErrorResponse.WriteAsync(http, decision.Error!);
        return Results.Empty;
    }

    public static AdminRouteAccess AccessOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var isRead = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        return isRead && http.GetEndpoint()?.Metadata.GetMetadata<LoopbackReadable>() is not null
            ? AdminRouteAccess.LoopbackRead
            : AdminRouteAccess.Operator;
    }
}
