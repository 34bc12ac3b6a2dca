namespace Sigilum.ControlPlane.Dashboard.Rendering;

/// <summary>The dashboard's sections, in navigation order.</summary>
public static class Navigation
{
    public sealed record Item(string Path, string Label);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(DashboardPaths.Root, "Overview"),
        new(DashboardPaths.Pending, "Pending"),
        new(DashboardPaths.Claims, "Claims"),
        new(DashboardPaths.Agents, "Agents"),
        new(DashboardPaths.Providers, "Providers"),
        new(DashboardPaths.Nodes, "Gateways & vaults"),
        new(DashboardPaths.Activity, "Activity"),
        new(DashboardPaths.Audit, "Audit"),
        new(DashboardPaths.Webhooks, "Webhooks"),
        new(DashboardPaths.ApiKeys, "API keys"),
        new(DashboardPaths.Settings, "Settings"),
    ];

    /// <summary>The section a path belongs to (the longest matching prefix), for <c>aria-current</c>.</summary>
    public static bool IsCurrent(Item item, string path) =>
        item.Path == DashboardPaths.Root
            ? path.TrimEnd('/') == DashboardPaths.Root
            : path == item.Path || path.StartsWith(item.Path + "/", StringComparison.Ordinal);
}
