using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.AspNetCore.Metrics;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Health, metrics and fallback routes (spec §3.1), and the <c>/api/admin</c> group other features map
/// into. The host also adds <see cref="AdminCorsMiddleware"/> and <see cref="RequestsInFlightMiddleware"/>
/// (see <see cref="UseGatewayOperations"/>).
/// </summary>
internal static class OperationsEndpoints
{
    public const string HealthPath = "/health";
    public const string MetricsPath = "/metrics";
    public const string AdminPrefix = "/api/admin";
    public const string Banner = "sigilum-gateway";

    private static readonly GatewayError NotFound = GatewayError.Of(ErrorCatalogue.NotFound, "No such route.");
    private static readonly GatewayError MethodNotAllowed = GatewayError.Of(ErrorCatalogue.MethodNotAllowed, "Method not allowed.");

    /// <summary>
    /// Adds the CORS middleware (health, metrics, admin) and the in-flight gauge for requests that
    /// <paramref name="countsAsInFlight"/> selects (the proxied ones). Call before routing.
    /// </summary>
    public static IApplicationBuilder UseGatewayOperations(this IApplicationBuilder app, Func<HttpContext, bool> countsAsInFlight)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(countsAsInFlight);
        app.UseMiddleware<AdminCorsMiddleware>();
        return app.UseMiddleware<RequestsInFlightMiddleware>(countsAsInFlight);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(HealthPath, read, (HttpContext context) => Health(context, "health"));
        app.MapMethods(HealthPath, [HttpMethods.Options], () => Results.NoContent());
        app.MapMethods(HealthPath + "/live", read, (HttpContext context) => Health(context, "liveness"));
        app.MapMethods(HealthPath + "/ready", read, ReadyAsync);
        app.MapGet(MetricsPath, (HttpContext context, GatewayMetrics metrics) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Results.Text(metrics.Render(), PrometheusText.ContentType);
            })
            .ReadableFromLoopback()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<AdminAccessFilter>());
        // An explicit catch-all pattern: MapFallback's default ({*path:nonfile}) would skip paths with a dot.
        app.MapFallback("{**path}", FallbackAsync);
    }

    /// <summary>
    /// The <c>/api/admin</c> group with the admin gate applied; features map their routes into it. Every route needs
    /// the admin token unless it is marked <see cref="AdminRouteConventions.ReadableFromLoopback{TBuilder}"/> (ADR 0020).
    /// </summary>
    public static RouteGroupBuilder CreateAdminGroup(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(AdminPrefix);
        group.AddEndpointFilter(app.ServiceProvider.GetRequiredService<AdminAccessFilter>());
        return group;
    }

    private static IResult Health(HttpContext context, string check)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new HealthStatus("ok", check), GatewayJson.Options);
    }

    private static async Task ReadyAsync(HttpContext context, IEnumerable<IReadinessProbe> probes, OperationsOptions options, TimeProvider time)
    {
        var failed = await ReadinessCheck.FailedAsync(probes, options.ReadinessTimeout, time, context.RequestAborted);
        if (failed.Count > 0)
        {
            await GatewayErrorResponse.WriteAsync(context, GatewayError.Of(ErrorCatalogue.NotReady, "The gateway is not ready; failing checks: " + string.Join(", ", failed) + "."));
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new HealthStatus("ok", "readiness"), GatewayJson.Options, context.RequestAborted);
    }

    /// <summary>
    /// <c>GET /</c> answers the plain-text banner (spec §3.1). Unlike Sigilum, other unmatched GETs get 404
    /// <c>NOT_FOUND</c> so a mistyped route is visible; any other method on an unmatched route (or a wrong
    /// method on a known one) gets 405 <c>METHOD_NOT_ALLOWED</c>, as in Sigilum.
    /// </summary>
    private static Task FallbackAsync(HttpContext context)
    {
        var request = context.Request;
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (isRead && (request.Path == "/" || !request.Path.HasValue))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.WriteAsync(Banner, context.RequestAborted);
        }
        if (isRead)
        {
            return GatewayErrorResponse.WriteAsync(context, NotFound);
        }
        if (request.Path == "/")
        {
            context.Response.Headers.Allow = "GET, HEAD";
        }
        return GatewayErrorResponse.WriteAsync(context, MethodNotAllowed);
    }
}
