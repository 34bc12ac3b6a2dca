namespace Sigilum.ControlPlane.Claims;

/// <summary>
/// How far a revocation got before it was answered (ADR 0027): of the nodes following the namespace's claim stream
/// on this instance, how many confirmed applying it, and which did not within the bound.
/// </summary>
/// <param name="Subscribers">Nodes (gateways) holding the namespace's stream when the revocation committed.</param>
/// <param name="Acknowledged">Of those, how many confirmed the revocation is in effect.</param>
/// <param name="Pending">Those that did not confirm within the bound (still told by the stream, or denying once stale).</param>
public sealed record RevocationPropagation(int Subscribers, int Acknowledged, IReadOnlyList<PropagationNode> Pending);
