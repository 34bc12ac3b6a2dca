using Sigilum.Core.Agents;
using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Agents;

/// <summary>The agent keys seen in the namespace, most recently seen first.</summary>
public sealed record AgentsModel(IReadOnlyList<AgentRow> Agents);

/// <summary>An agent key and the services it has claims for.</summary>
public sealed record AgentRow(AgentRecord Agent, IReadOnlyList<AgentService> Services);

/// <summary>One of an agent's claims: the service and where the claim stands.</summary>
public sealed record AgentService(string Service, ClaimStatus Status);
