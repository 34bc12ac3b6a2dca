using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Agents;

/// <summary>One of an agent's claims: the service and where the claim stands.</summary>
public sealed record AgentService(string Service, ClaimStatus Status);
