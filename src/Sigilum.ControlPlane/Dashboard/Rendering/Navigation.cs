namespace Sigilum.ControlPlane.Dashboard.Rendering;

/// <summary>The dashboard's sections, in navigation order.</summary>
public static class Navigation
{
    public sealed record Item(string Path, string Label);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(DashboardPaths.Root, "Overview"),
        new(DashboardPaths.Root + "/pending", "Pending"),
        new(DashboardPaths.Root + "/claims", "Claims"),
        new(DashboardPaths.Root + "/agents", "Agents"),
        new(DashboardPaths.Root + "/providers", "Providers"),
        new(DashboardPaths.Root + "/nodes", "Gateways & vaults"),
        new(DashboardPaths.Root + "/activity", "Activity"),
        new(DashboardPaths.Root + "/audit", "Audit"),
        new(DashboardPaths.Root + "/webhooks", "Webhooks"),
        new(DashboardPaths.Root + "/api-keys", "API keys"),
        new(DashboardPaths.Root + "/settings", "Settings"),
    ];

    /// <summary>The section a path belongs to (the longest matching prefix), for <c>aria-current</c>.</summary>
    public static bool IsCurrent(Item item, string path) =>
        item.Path == DashboardPaths.Root
            ? path.TrimEnd('/') == DashboardPaths.Root
            : path == item.Path || path.StartsWith(item.Path + "/", StringComparison.Ordinal);
}
