using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Sessions;

namespace Sigilum.ControlPlane.Dashboard.Rendering;

/// <summary>
/// Renders a page component (static server-side rendering, no JavaScript needed) inside the common frame.
/// Every page component takes <c>Shell</c> and, when it has data, <c>Model</c>.
/// </summary>
public static class DashboardPages
{
    /// <summary>Renders <typeparamref name="TPage"/>; <paramref name="notice"/> replaces the <c>done</c> key's text when the page computes its own.</summary>
    public static IResult Render<TPage>(HttpContext context, string title, object? model = null, int statusCode = StatusCodes.Status200OK, string? notice = null)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = new Dictionary<string, object?> { ["Shell"] = Shell(context, title, notice) };
        if (model is not null)
        {
            parameters["Model"] = model;
        }
        NoStore(context);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode };
    }

    public static IResult Error(HttpContext context, int statusCode, DashboardError error) =>
        Render<ErrorPage>(context, error.Title, error, statusCode);

    /// <summary>The one answer for an item that is not in the signed-in namespace (or no longer exists): 404, same page either way.</summary>
    public static IResult NotFound(HttpContext context) => Error(context, StatusCodes.Status404NotFound, DashboardErrors.NotFound);

    /// <summary>Back to a page after a form post (303, so a reload does not post again), with a notice key.</summary>
    public static IResult Done(string path, string notice) =>
        Results.Redirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + Uri.EscapeDataString(notice), permanent: false, preserveMethod: false);

    private static PageShell Shell(HttpContext context, string title, string? notice)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return new PageShell(
            title,
            DashboardSessions.Current(context),
            context.Request.Path.Value ?? DashboardPaths.Root,
            new FormToken(tokens.FormFieldName, tokens.RequestToken!),
            notice ?? Notices.Text(context.Request.Query["done"]),
            context.Request.QueryString.Value);
    }

    private static void NoStore(HttpContext context)
    {
        // Pages show a namespace's private data: never cached, never framed, no script but our own.
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Content-Security-Policy"] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        headers["X-Content-Type-Options"] = "nosniff";
        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts, which the
        // same-origin check must refuse; the sign-in code in a URL still never leaves for another site.
        headers["Referrer-Policy"] = "same-origin";
        headers["X-Frame-Options"] = "DENY";
    }
}
