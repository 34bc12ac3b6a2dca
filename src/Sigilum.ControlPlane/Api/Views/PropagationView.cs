using Sigilum.ControlPlane.Claims;

namespace Sigilum.ControlPlane.Api.Views;

/// <summary>
/// How far a revocation got when it was answered (ADR 0027), as the API shows it: <c>subscribers</c> gateways followed
/// the namespace's stream, <c>acknowledged</c> confirmed it is in effect, <c>pending</c> did not within the bound and are
/// named in <c>pending_nodes</c>.
/// </summary>
public sealed record PropagationView(int Subscribers, int Acknowledged, int Pending, IReadOnlyList<PropagationNode> PendingNodes)
{
    public static PropagationView From(RevocationPropagation propagation)
    {
        ArgumentNullException.ThrowIfNull(propagation);
        return new(propagation.Subscribers, propagation.Acknowledged, propagation.Pending.Count, propagation.Pending);
    }
}
