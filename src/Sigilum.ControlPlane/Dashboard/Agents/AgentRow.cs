using Sigilum.Core.Agents;

namespace Sigilum.ControlPlane.Dashboard.Agents;

/// <summary>An agent key and the services it has claims for.</summary>
public sealed record AgentRow(AgentRecord Agent, IReadOnlyList<AgentService> Services);
