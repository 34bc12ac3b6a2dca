using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Nodes;

/// <summary>The namespace's paired gateways and vaults, each with whether it is online now.</summary>
public sealed record NodesModel(IReadOnlyList<NodeRow> Nodes);

/// <summary>A paired gateway or vault and its online status (<see cref="NodeStatus.IsOnline"/>).</summary>
public sealed record NodeRow(DataPlaneNode Node, bool Online);
