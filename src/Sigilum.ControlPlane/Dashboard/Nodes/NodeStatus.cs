using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Nodes;

/// <summary>
/// Whether a gateway or vault is online: it touched the control plane recently. A data plane holding the push
/// stream touches it at least every keep-alive interval (15 s by default), so four missed keep-alives mean it is
/// gone.
/// </summary>
public static class NodeStatus
{
    public static readonly TimeSpan OnlineWindow = TimeSpan.FromMinutes(1);

    public static bool IsOnline(DataPlaneNode node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.LastSeenAt is { } seen && now - seen <= OnlineWindow;
    }
}
