using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Maintains <c>sigilum_gateway_requests_in_flight</c> (spec §3.1 cross-cutting middleware). Counts only
/// requests the predicate selects (the lead passes "is a proxied path"), so health probes and metric
/// scrapes do not show up as traffic.
/// </summary>
internal sealed class RequestsInFlightMiddleware(RequestDelegate next, GatewayMetrics metrics, Func<HttpContext, bool> counts)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!counts(context))
        {
            await next(context);
            return;
        }
        metrics.RequestStarted();
        try
        {
            await next(context);
        }
        finally
        {
            metrics.RequestFinished();
        }
    }
}
