using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Applies <see cref="AdminCorsPolicy"/> to <c>/health*</c>, <c>/metrics</c> and <c>/api/admin*</c> and
/// answers their <c>OPTIONS</c> (preflight) with 204 (spec §3.1). Runs before routing so that preflights
/// for any admin method are answered without reaching an endpoint. Refusing a foreign Origin is the admin
/// gate's job (<see cref="AdminAccessFilter"/>), so it is logged as a decision.
/// </summary>
internal sealed class AdminCorsMiddleware(RequestDelegate next, AdminCorsPolicy policy)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AppliesTo(context.Request.Path))
        {
            return next(context);
        }
        policy.Apply(context);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        return next(context);
    }

    public static bool AppliesTo(PathString path) =>
        path.StartsWithSegments(OperationsEndpoints.HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OperationsEndpoints.MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OperationsEndpoints.AdminPrefix, StringComparison.OrdinalIgnoreCase);
}
