using Sigilum.ControlPlane.Dashboard.Agents;
using Sigilum.ControlPlane.Dashboard.ApiKeys;
using Sigilum.ControlPlane.Dashboard.Audit;
using Sigilum.ControlPlane.Dashboard.Claims;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Nodes;
using Sigilum.ControlPlane.Dashboard.Overview;
using Sigilum.ControlPlane.Dashboard.Passkeys;
using Sigilum.ControlPlane.Dashboard.Pending;
using Sigilum.ControlPlane.Dashboard.Providers;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Dashboard.Settings;
using Sigilum.ControlPlane.Dashboard.SignIn;
using Sigilum.ControlPlane.Dashboard.Webhooks;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>
/// The browser dashboard under <c>/dashboard</c>: server-rendered pages (Razor components, static rendering), form
/// posts that redirect back (post/redirect/get), a little progressive-enhancement script. Two route groups: the
/// public one (sign-in, assets) and the signed-in one, where every endpoint needs a live session and every post
/// passes the same-origin and antiforgery checks.
/// </summary>
/// <remarks>
/// The whole route table is here, one line a route (ADR 0065): which group a route sits in decides which checks
/// guard it, so a reviewer reads that in one place. The handlers stay in their sections' folders.
/// </remarks>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(DashboardPaths.Root)).ExcludeFromDescription();
        var dashboard = app.MapGroup(DashboardPaths.Root).ExcludeFromDescription().DisableAntiforgery()
            .AddEndpointFilter<DashboardHostFilter>();
        DashboardAssets.Map(dashboard);

        // No session yet: the sign-in page and its three ways in (link code, password, passkey).
        var forms = dashboard.MapGroup(string.Empty).AddEndpointFilter<DashboardFormFilter>();
        forms.MapGet("/sign-in", SignInEndpoints.ShowAsync);
        forms.MapPost("/sign-in", SignInEndpoints.WithLinkAsync);
        forms.MapPost("/sign-in/password", SignInEndpoints.WithPasswordAsync);
        forms.MapPost("/sign-in/passkey/options", PasskeyEndpoints.SignInOptionsAsync);
        forms.MapPost("/sign-in/passkey", PasskeyEndpoints.SignInAsync);

        // Session first: the antiforgery check binds the token to the signed-in owner.
        MapSignedIn(dashboard.MapGroup(string.Empty)
            .AddEndpointFilter<DashboardSessionFilter>()
            .AddEndpointFilter<DashboardFormFilter>());
    }

    private static void MapSignedIn(RouteGroupBuilder signedIn)
    {
        signedIn.MapPost("/sign-out", SignInEndpoints.SignOutAsync);
        signedIn.MapGet("/", OverviewEndpoints.ShowAsync);

        signedIn.MapGet("/settings", SettingsEndpoints.ShowAsync);
        signedIn.MapPost("/settings/password", SettingsEndpoints.SetPasswordAsync);
        signedIn.MapPost("/settings/password/remove", SettingsEndpoints.RemovePasswordAsync);
        signedIn.MapPost("/settings/passkeys/options", PasskeyEndpoints.RegistrationOptionsAsync);
        signedIn.MapPost("/settings/passkeys", PasskeyEndpoints.RegisterAsync);
        signedIn.MapPost("/settings/passkeys/rename", PasskeySettingsEndpoints.RenameAsync);
        signedIn.MapPost("/settings/passkeys/remove", PasskeySettingsEndpoints.RemoveAsync);
        signedIn.MapPost("/settings/passkeys/require", PasskeySettingsEndpoints.RequireAsync);

        signedIn.MapGet("/providers", ProvidersEndpoints.ListAsync);
        signedIn.MapGet("/providers/new", ProvidersEndpoints.NewAsync);
        signedIn.MapPost("/providers", ProvidersEndpoints.AddAsync);
        signedIn.MapGet("/providers/{id}/rotate", ProvidersEndpoints.RotateFormAsync);
        signedIn.MapPost("/providers/{id}/rotate", ProvidersEndpoints.RotateAsync);
        signedIn.MapPost("/providers/{id}/test", ProvidersEndpoints.TestAsync);
        signedIn.MapPost("/providers/{id}/delete", ProvidersEndpoints.DeleteAsync);
        signedIn.MapGet("/providers/{id}/edit", ProviderEditEndpoints.ShowAsync);
        signedIn.MapPost("/providers/{id}/edit", ProviderEditEndpoints.SaveAsync);
        signedIn.MapGet("/providers/{id}/tools", McpToolsEndpoints.ShowAsync);
        signedIn.MapPost("/providers/{id}/discover", McpToolsEndpoints.DiscoverAsync);
        signedIn.MapPost("/providers/{id}/policy", McpToolsEndpoints.SavePolicyAsync);
        signedIn.MapPost("/providers/{id}/subject-policy", McpToolsEndpoints.SaveSubjectPolicyAsync);
        signedIn.MapPost("/providers/{id}/subject-policy/delete", McpToolsEndpoints.DeleteSubjectPolicyAsync);
        signedIn.MapGet("/providers/variables", VariablesEndpoints.ShowAsync);
        signedIn.MapPost("/providers/variables", VariablesEndpoints.SetAsync);
        signedIn.MapPost("/providers/variables/{key}/delete", VariablesEndpoints.DeleteAsync);

        // The activity section maps its own page (its data-plane filter is its own concern).
        Activity.ActivityEndpoints.Map(signedIn);
        signedIn.MapGet("/audit", AuditEndpoints.ShowAsync);

        signedIn.MapGet("/api-keys", ApiKeysEndpoints.ShowAsync);
        signedIn.MapPost("/api-keys/services", ApiKeysEndpoints.CreateServiceAsync);
        signedIn.MapPost("/api-keys/{serviceId}/keys", ApiKeysEndpoints.CreateKeyAsync);
        signedIn.MapPost("/api-keys/{serviceId}/keys/{keyId}/revoke", ApiKeysEndpoints.RevokeKeyAsync);
        signedIn.MapGet("/webhooks", WebhooksEndpoints.ShowAsync);
        signedIn.MapPost("/webhooks/{serviceId}", WebhooksEndpoints.AddAsync);
        signedIn.MapPost("/webhooks/{serviceId}/{webhookId}/remove", WebhooksEndpoints.RemoveAsync);

        signedIn.MapGet("/nodes", NodesEndpoints.ShowAsync);
        signedIn.MapPost("/nodes/pairing", NodesEndpoints.StartPairingAsync);

        signedIn.MapGet("/pending", PendingEndpoints.ShowAsync);
        signedIn.MapGet("/pending/events", PendingEvents.StreamAsync);
        signedIn.MapPost("/pending/{id}/approve", PendingEndpoints.ApproveAsync);
        signedIn.MapPost("/pending/{id}/reject", PendingEndpoints.RejectAsync);
        signedIn.MapGet("/claims", ClaimsEndpoints.ShowAsync);
        signedIn.MapPost("/claims/{id}/revoke", ClaimsEndpoints.RevokeAsync);
        signedIn.MapGet("/agents", AgentsEndpoints.ShowAsync);
    }
}
