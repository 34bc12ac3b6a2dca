using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Overview;
using Sigilum.ControlPlane.Dashboard.Passkeys;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Dashboard.Settings;
using Sigilum.ControlPlane.Dashboard.SignIn;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>
/// The browser dashboard under <c>/dashboard</c>: server-rendered pages (Razor components, static rendering), form
/// posts that redirect back (post/redirect/get), a little progressive-enhancement script. Two route groups: the
/// public one (sign-in, assets) and the signed-in one, where every endpoint needs a live session and every post
/// passes the same-origin and antiforgery checks.
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(DashboardPaths.Root)).ExcludeFromDescription();
        var dashboard = app.MapGroup(DashboardPaths.Root).ExcludeFromDescription().DisableAntiforgery()
            .AddEndpointFilter<DashboardHostFilter>();
        DashboardAssets.Map(dashboard);

        var forms = dashboard.MapGroup(string.Empty).AddEndpointFilter<DashboardFormFilter>();
        SignInEndpoints.Map(forms);
        PasskeyEndpoints.MapSignIn(forms);

        // Session first: the antiforgery check binds the token to the signed-in owner.
        var signedIn = dashboard.MapGroup(string.Empty)
            .AddEndpointFilter<DashboardSessionFilter>()
            .AddEndpointFilter<DashboardFormFilter>();
        SignInEndpoints.MapSignOut(signedIn);
        OverviewEndpoints.Map(signedIn);
        SettingsEndpoints.Map(signedIn);
        PasskeyEndpoints.MapRegistration(signedIn);
        PasskeySettingsEndpoints.Map(signedIn);
        DashboardPageRegistry.MapAll(signedIn);
    }
}
