namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>
/// Every dashboard page and form except sign-in needs a live session. Without one a browser is sent to the
/// sign-in page (saying the session expired when it presented a cookie the server no longer accepts); a script
/// (<c>Accept: text/event-stream</c>) gets a plain 401.
/// </summary>
internal sealed class DashboardSessionFilter(DashboardSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (await sessions.AuthenticateAsync(context) is not null)
        {
            return await next(invocation);
        }
        if (context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        var expired = DashboardCookie.Read(context) is not null;
        if (expired)
        {
            DashboardCookie.Delete(context);
        }
        return Results.Redirect(DashboardPaths.SignIn + (expired ? "?expired=1" : string.Empty), permanent: false, preserveMethod: false);
    }
}
