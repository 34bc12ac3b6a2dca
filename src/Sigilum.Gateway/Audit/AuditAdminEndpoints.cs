using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// <c>GET /api/admin/audit</c> (state of the audit log) and <c>POST /api/admin/audit/reopen</c> (the operator's
/// command that ends a sticky audit failure without a restart, docs/decisions/0023) on the admin group, so behind
/// the admin gate. <c>sigilum gateway audit-reopen</c> calls the latter.
/// </summary>
internal static class AuditAdminEndpoints
{
    public static RouteGroupBuilder Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/audit", (HttpContext context) => View(context, Trail(context)));
        admin.MapPost("/audit/reopen", async (HttpContext context) =>
        {
            var trail = Trail(context);
            var failure = await trail.ReopenAsync(context.RequestAborted);
            if (failure is not null)
            {
                await GatewayErrorResponse.WriteAsync(context, GatewayError.Of(
                    failure.StartsWith(ErrorCatalogue.StoreRollbackDetected, StringComparison.Ordinal) ? ErrorCatalogue.StoreRollbackDetected : ErrorCatalogue.AuditUnavailable,
                    "The audit log is still unavailable: " + failure));
                return;
            }
            await View(context, trail).ExecuteAsync(context);
        });
        return admin;
    }

    private static GatewayAuditTrail Trail(HttpContext context) => context.RequestServices.GetRequiredService<GatewayAuditTrail>();

    private static IResult View(HttpContext context, GatewayAuditTrail trail)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            available = trail.IsAvailable,
            failure = trail.FailureReason,
            seq = trail.Head?.Seq,
        }, GatewayJson.Options);
    }
}
