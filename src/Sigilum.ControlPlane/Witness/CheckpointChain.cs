using Sigilum.Core.Nodes;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// Re-checks, from the witness's point of view, the checkpoints stored for one node: each must still parse, name
/// the node, be signed by its registered key and match the seq and head it was stored under; taken in the order
/// they were received, each must be newer than every one before it (a lower seq is a regression, another head at
/// the same seq a fork). The rules are the witness's own (<see cref="CheckpointRules"/>), so a row changed or
/// inserted behind the witness's back (or a node key re-registered) shows here.
/// </summary>
internal static class CheckpointChain
{
    public static ChainVerdict Verify(DataPlaneNode node, IEnumerable<StoredCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(checkpoints);
        StoredCheckpoint? latest = null;
        var index = 0;
        // Receipt order; equal receipt times (same millisecond) in seq order, the benign reading.
        foreach (var stored in checkpoints.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Seq))
        {
            index++;
            var parsed = AuditCheckpoint.Parse(stored.Json);
            if (!parsed.IsSuccess)
            {
                return new ChainVerdict(index, WitnessErrors.Invalid, $"The checkpoint stored at seq {stored.Seq} does not parse: {parsed.Error.Reason}", stored.Seq);
            }
            var checkpoint = parsed.Value;
            if (CheckpointRules.CheckSigner(checkpoint, node) is { } refused)
            {
                return new ChainVerdict(index, refused.Error, refused.Detail ?? $"{refused.Error!.Title} (seq {stored.Seq})", stored.Seq);
            }
            if (checkpoint.Seq != stored.Seq || !string.Equals(checkpoint.Head, stored.Head, StringComparison.Ordinal))
            {
                return new ChainVerdict(index, WitnessErrors.Invalid, $"The checkpoint stored at seq {stored.Seq} signs seq {checkpoint.Seq} with another head.", stored.Seq);
            }
            if (CheckpointRules.CheckOrder(stored, latest) is { Error: { } error } order)
            {
                return new ChainVerdict(index, error, order.Detail, stored.Seq);
            }
            if (latest is null || stored.Seq > latest.Seq)
            {
                latest = stored;
            }
        }
        return new ChainVerdict(index, null, null, null);
    }
}
