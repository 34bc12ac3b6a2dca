using Sigilum.Core.Nodes;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// The witness's two judgements on a checkpoint, shared by <see cref="CheckpointWitness"/> (on arrival) and
/// <see cref="CheckpointChain"/> (re-checking what was stored), so both apply exactly the same rules.
/// </summary>
internal static class CheckpointRules
{
    /// <summary>Who: null when the checkpoint names <paramref name="node"/> and is signed with its registered key.</summary>
    public static WitnessOutcome? CheckSigner(AuditCheckpoint checkpoint, DataPlaneNode node)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(node);
        if (checkpoint.Node != node.Id)
        {
            return WitnessOutcome.Refuse(WitnessErrors.NodeMismatch, $"The checkpoint names node '{checkpoint.Node}'; the caller is {node.Id}.");
        }
        if (!AgentKeys.TryParse(node.PublicKey, out var nodeKey) || !checkpoint.PublicKey.SequenceEqual(nodeKey))
        {
            return WitnessOutcome.Refuse(WitnessErrors.KeyMismatch);
        }
        return checkpoint.IsSignedBy(nodeKey) ? null : WitnessOutcome.Refuse(WitnessErrors.SignatureInvalid);
    }

    /// <summary>
    /// Consistency with the newest checkpoint witnessed before: null when <paramref name="received"/> is newer (or
    /// nothing was witnessed); the witnessed one as a duplicate when it is the same; otherwise a regression (a lower
    /// seq: the log may have been truncated) or a conflict (another head at the same seq: rewritten).
    /// </summary>
    public static WitnessOutcome? CheckOrder(StoredCheckpoint received, StoredCheckpoint? latest)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (latest is null || received.Seq > latest.Seq)
        {
            return null;
        }
        if (received.Seq < latest.Seq)
        {
            return WitnessOutcome.Refuse(WitnessErrors.Regression, $"Seq {received.Seq} is below the witnessed seq {latest.Seq}: the node's audit log may have been truncated or replaced.");
        }
        if (!string.Equals(received.Head, latest.Head, StringComparison.Ordinal))
        {
            return WitnessOutcome.Refuse(WitnessErrors.Conflict, $"Seq {received.Seq} was witnessed with another head: the node's audit log may have been rewritten.");
        }
        return WitnessOutcome.Stored(latest, duplicate: true);
    }
}
