using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// <c>GET /api/admin/relay</c>, <c>POST /api/admin/relay/stop</c> and <c>/start</c> on the admin group (so behind the
/// admin gate): what <c>sigilum gateway pair --status/--stop</c> use. These paths are not on the relay allow-list,
/// so the control plane can neither read nor switch the relay it is talking through.
/// </summary>
internal static class RelayAdminEndpoints
{
    public static RouteGroupBuilder Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/relay", (HttpContext context) => View(context, Link(context).Status));
        admin.MapPost("/relay/stop", (HttpContext context) =>
        {
            Link(context).Stop();
            return View(context, Link(context).Status);
        });
        admin.MapPost("/relay/start", (HttpContext context) =>
        {
            Link(context).Start();
            return View(context, Link(context).Status);
        });
        return admin;
    }

    private static RelayLink Link(HttpContext context) => context.RequestServices.GetRequiredService<RelayLink>();

    private static IResult View(HttpContext context, RelayStatus status)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            enabled = status.Enabled,
            connected = status.Connected,
            connected_since = status.ConnectedSince,
            control_plane_url = status.ControlPlaneUrl.AbsoluteUri,
            node_id = status.NodeId,
            encryption_key_id = status.EncryptionKeyId,
            last_status_code = status.LastStatusCode,
            last_error = status.LastError,
        }, GatewayJson.Options);
    }
}
