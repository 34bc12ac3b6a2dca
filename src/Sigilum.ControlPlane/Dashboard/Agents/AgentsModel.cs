namespace Sigilum.ControlPlane.Dashboard.Agents;

/// <summary>The agent keys seen in the namespace, most recently seen first.</summary>
public sealed record AgentsModel(IReadOnlyList<AgentRow> Agents);
