using Microsoft.AspNetCore.Antiforgery;
using Sigilum.ControlPlane.Dashboard.Rendering;

namespace Sigilum.ControlPlane.Dashboard.Forms;

/// <summary>
/// Every dashboard form post must come from a dashboard page: the browser's own <c>Sec-Fetch-Site</c> and
/// <c>Origin</c> headers must say same origin when present, and the antiforgery token rendered into the form must
/// match its cookie (and the signed-in owner). Any failure refuses the post before the handler runs, so nothing
/// changes.
/// </summary>
internal sealed class DashboardFormFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return await next(invocation);
        }
        if (!IsSameOrigin(context.Request))
        {
            return DashboardPages.Error(context, StatusCodes.Status403Forbidden, DashboardErrors.CrossOrigin);
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return DashboardPages.Error(context, StatusCodes.Status400BadRequest, DashboardErrors.FormExpired);
        }
        return await next(invocation);
    }

    /// <summary>Browsers send these on every post; a non-browser client that sends neither still needs the token.</summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site != "same-origin")
        {
            return false;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
