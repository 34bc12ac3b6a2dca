namespace Sigilum.ControlPlane.Dashboard;

/// <summary>
/// The signed-in sections besides overview and settings, each mapping its own pages and form posts. One line
/// per section, so adding a page is a change to its own folder plus a line here.
/// </summary>
internal static class DashboardPageRegistry
{
    public static void MapAll(RouteGroupBuilder signedIn)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        Providers.ProvidersEndpoints.Map(signedIn);
        Providers.ProviderEditEndpoints.Map(signedIn);
        Providers.McpToolsEndpoints.Map(signedIn);
        Providers.VariablesEndpoints.Map(signedIn);
        Activity.ActivityEndpoints.Map(signedIn);
        Audit.AuditEndpoints.Map(signedIn);
        ApiKeys.ApiKeysEndpoints.Map(signedIn);
        Webhooks.WebhooksEndpoints.Map(signedIn);
        Nodes.NodesEndpoints.Map(signedIn);
        Pending.PendingEndpoints.Map(signedIn);
        Claims.ClaimsEndpoints.Map(signedIn);
        Agents.AgentsEndpoints.Map(signedIn);
    }
}
