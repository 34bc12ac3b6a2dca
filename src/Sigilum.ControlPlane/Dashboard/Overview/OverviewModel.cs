using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Overview;

/// <summary>The namespace at a glance.</summary>
public sealed record OverviewModel(int Pending, int Approved, int Agents, int Services, IReadOnlyList<OverviewNode> Nodes);

/// <summary>A paired gateway or vault and whether it is online now.</summary>
public sealed record OverviewNode(DataPlaneNode Node, bool Online);
