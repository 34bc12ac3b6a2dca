using Sigilum.ControlPlane.Dashboard.Sessions;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>
/// The signed-in owner of a dashboard request, for every section's handlers. It sits at the dashboard's root so the
/// sections reach it without a using, and it throws instead of returning null: the session filter runs before every
/// signed-in handler, so a missing owner is a mapping mistake, never a visitor's doing.
/// </summary>
internal static class DashboardOwner
{
    public static DashboardUser Owner(this HttpContext context) =>
        DashboardSessions.Current(context) ?? throw new InvalidOperationException("A signed-in dashboard handler ran without the session filter.");
}
