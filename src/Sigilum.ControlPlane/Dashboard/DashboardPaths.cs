namespace Sigilum.ControlPlane.Dashboard;

/// <summary>Where the dashboard's pages live.</summary>
public static class DashboardPaths
{
    public const string Root = "/dashboard";
    public const string SignIn = Root + "/sign-in";
    public const string SignOut = Root + "/sign-out";
    public const string Assets = Root + "/assets";
}
