namespace Sigilum.ControlPlane.Dashboard;

/// <summary>
/// Where the dashboard's pages live: every section's path in one place, for the navigation, the route handlers'
/// redirects and the pages' links and form actions alike.
/// </summary>
public static class DashboardPaths
{
    public const string Root = "/dashboard";
    public const string SignIn = Root + "/sign-in";
    public const string SignOut = Root + "/sign-out";
    public const string Assets = Root + "/assets";
    public const string Pending = Root + "/pending";
    public const string Claims = Root + "/claims";
    public const string Agents = Root + "/agents";
    public const string Providers = Root + "/providers";
    public const string Variables = Providers + "/variables";
    public const string Nodes = Root + "/nodes";
    public const string Activity = Root + "/activity";
    public const string Audit = Root + "/audit";
    public const string Webhooks = Root + "/webhooks";
    public const string ApiKeys = Root + "/api-keys";
    public const string Settings = Root + "/settings";
}
