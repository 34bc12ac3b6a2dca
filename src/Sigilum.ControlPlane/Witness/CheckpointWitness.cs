using System.Text;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Nodes;
using Sigilum.Core.Storage;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;

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
        if (checkpoint.Node != node.Id)
        {
            return WitnessOutcome.Refuse(WitnessErrors.NodeMismatch, $"The checkpoint names node '{checkpoint.Node}'; the caller is {node.Id}.");
        }
        if (!AgentKeys.TryParse(node.PublicKey, out var nodeKey) || !checkpoint.PublicKey.SequenceEqual(nodeKey))
        {
            return WitnessOutcome.Refuse(WitnessErrors.KeyMismatch);
        }
        if (!checkpoint.IsSignedBy(nodeKey))
        {
            return WitnessOutcome.Refuse(WitnessErrors.SignatureInvalid);
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
        if (latest is null || received.Seq > latest.Seq)
        {
            return null;
        }
        if (received.Seq < latest.Seq)
        {
            LogRegression(logger, received.NodeId, received.Seq, latest.Seq);
            return WitnessOutcome.Refuse(WitnessErrors.Regression, $"Seq {received.Seq} is below the witnessed seq {latest.Seq}: the node's audit log may have been truncated or replaced.");
        }
        if (!string.Equals(received.Head, latest.Head, StringComparison.Ordinal))
        {
            LogConflict(logger, received.NodeId, received.Seq);
            return WitnessOutcome.Refuse(WitnessErrors.Conflict, $"Seq {received.Seq} was witnessed with another head: the node's audit log may have been rewritten.");
        }
        return WitnessOutcome.Stored(latest, duplicate: true);
    }

    // Event ids 1120-1129 belong to the witness and usage; next free: 1122.
    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Audit checkpoint regression from node {NodeId}: seq {Seq} after witnessed seq {WitnessedSeq}")]
    private static partial void LogRegression(ILogger logger, string nodeId, long seq, long witnessedSeq);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Audit checkpoint conflict from node {NodeId}: another head at witnessed seq {Seq}")]
    private static partial void LogConflict(ILogger logger, string nodeId, long seq);
}
