namespace Sigilum.Gateway.Hold;

/// <summary>Whether a request may be held: a slot was taken, or the agent's or the gateway's bound is reached.</summary>
internal enum HoldAdmission
{
    Admitted,
    AgentFull,
    GatewayFull,
}
