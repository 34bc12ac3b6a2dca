using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Dashboard.Forms;

/// <summary>
/// DNS rebinding (reliability ADM-02): a page on <c>attacker.example</c> whose name is made to resolve to 127.0.0.1
/// reaches this server with <c>Host: attacker.example</c>. The dashboard answers only to loopback names and to the
/// host of <see cref="DashboardOptions.PublicUrl"/> (plus <see cref="DashboardOptions.AllowedHosts"/>), so such a
/// page gets a refusal, never a form or a token.
/// </summary>
internal sealed class DashboardHostFilter(IOptions<ControlPlaneOptions> options) : IEndpointFilter
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]", "::1"];

    public static readonly DashboardError HostNotAllowed = DashboardError.Of(ErrorCatalogue.DashboardHostNotAllowed,
        "The dashboard does not answer to this host name. If you run it behind a proxy or on another machine, set ControlPlane:Dashboard:PublicUrl to the address people open.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        IsAllowed(invocation.HttpContext.Request.Host.Host, options.Value.Dashboard)
            ? await next(invocation)
            : DashboardPages.Error(invocation.HttpContext, StatusCodes.Status421MisdirectedRequest, HostNotAllowed);

    internal static bool IsAllowed(string? host, DashboardOptions dashboard)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }
        if (Loopback.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        if (Uri.TryCreate(dashboard.PublicUrl, UriKind.Absolute, out var publicUrl) && string.Equals(publicUrl.Host, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return dashboard.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
    }
}
