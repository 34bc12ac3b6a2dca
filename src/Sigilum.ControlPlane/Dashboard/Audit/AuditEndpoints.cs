using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Witness;
using Sigilum.Core.Storage;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;

namespace Sigilum.ControlPlane.Dashboard.Audit;

/// <summary>
/// The audit witness from the owner's side: per paired node, the newest checkpoints the control plane witnessed and
/// whether they still verify, re-checked on every view with the witness's own rules (<see cref="CheckpointChain"/>).
/// </summary>
internal static class AuditEndpoints
{
    /// <summary>How many of a node's newest checkpoints are re-verified per view (bounded work per node).</summary>
    public const int MaxChecked = 100;

    /// <summary>How many of them the page lists.</summary>
    public const int MaxShown = 10;

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store)
    {
        var ns = context.Owner().Namespace;
        var aborted = context.RequestAborted;
        var nodes = new List<AuditNode>();
        // Only the signed-in namespace's nodes, and so only their checkpoints.
        foreach (var node in await store.Nodes.ListAsync(ns, aborted))
        {
            var checkpoints = await store.Checkpoints.ListAsync(node.Id, MaxChecked, aborted);
            var verdict = CheckpointChain.Verify(node, checkpoints);
            nodes.Add(new AuditNode(node, checkpoints.Count, verdict.Error?.Code, verdict.Reason, [.. checkpoints.Take(MaxShown).Select(Row)]));
        }
        return DashboardPages.Render<AuditPage>(context, "Audit", new AuditModel(nodes));
    }

    private static AuditCheckpointRow Row(StoredCheckpoint stored)
    {
        var parsed = AuditCheckpoint.Parse(stored.Json);
        return new AuditCheckpointRow(stored.Seq, stored.Head, parsed.IsSuccess ? parsed.Value.Timestamp : null, stored.ReceivedAt);
    }
}
