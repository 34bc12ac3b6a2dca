using System.Text;
using Sigilum.Core.Nodes;
using Sigilum.Core.Storage;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// Accepts a node's signed audit checkpoint. A hash chain alone cannot show that its tail was cut off
/// or rewritten; a second party that remembers "node N had head H at seq S" can (reliability §1.2,
/// STO-07). So a checkpoint older than the newest one witnessed (truncation) or with another head at a
/// witnessed seq (rewrite) is refused with 409 and logged, and the witnessed record stays as evidence.
/// </summary>
internal sealed partial class CheckpointWitness(ISigilumStore store, TimeProvider time, ILogger<CheckpointWitness> logger)
{
    public async Task<WitnessOutcome> AcceptAsync(DataPlaneNode node, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var parsed = AuditCheckpoint.Parse(body);
        if (!parsed.IsSuccess)
        {
            return WitnessOutcome.Refuse(WitnessErrors.Invalid, parsed.Error.Reason);
        }
        var checkpoint = parsed.Value;
        // 1. Who: the checkpoint must be this node's, signed with this node's registered key.
        if (CheckpointRules.CheckSigner(checkpoint, node) is { } refused)
        {
            return refused;
        }

        // 2. Consistency with what was witnessed before.
        var received = new StoredCheckpoint
        {
            NodeId = node.Id, Namespace = node.Namespace, Seq = checkpoint.Seq, Head = checkpoint.Head,
            Json = Encoding.UTF8.GetString(body), ReceivedAt = time.GetUtcNow(),
        };
        if (await CompareWithLatestAsync(received, cancellationToken) is { } early)
        {
            return early;
        }
        if (await store.Checkpoints.AddAsync(received, cancellationToken))
        {
            return WitnessOutcome.Stored(received, duplicate: false);
        }
        // Another request stored this seq between our read and our insert: judge against it.
        return await CompareWithLatestAsync(received, cancellationToken) ?? WitnessOutcome.Refuse(WitnessErrors.Regression);
    }

    /// <summary>Null when the checkpoint is newer than anything witnessed for the node.</summary>
    private async Task<WitnessOutcome?> CompareWithLatestAsync(StoredCheckpoint received, CancellationToken cancellationToken)
    {
        var latest = await store.Checkpoints.LatestAsync(received.NodeId, cancellationToken);
        var outcome = CheckpointRules.CheckOrder(received, latest);
        if (outcome?.Error == WitnessErrors.Regression)
        {
            LogRegression(logger, received.NodeId, received.Seq, latest!.Seq);
        }
        else if (outcome?.Error == WitnessErrors.Conflict)
        {
            LogConflict(logger, received.NodeId, received.Seq);
        }
        return outcome;
    }

    // Event ids 1120-1129 belong to the witness and usage; next free: 1122.
    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Audit checkpoint regression from node {NodeId}: seq {Seq} after witnessed seq {WitnessedSeq}")]
    private static partial void LogRegression(ILogger logger, string nodeId, long seq, long witnessedSeq);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Audit checkpoint conflict from node {NodeId}: another head at witnessed seq {Seq}")]
    private static partial void LogConflict(ILogger logger, string nodeId, long seq);
}
