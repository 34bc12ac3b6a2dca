using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Witness;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;
using Sigilum.Core.Usage;
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

    /// <summary>How many of the newest forwarded requests the delegation table shows.</summary>
    public const int MaxReleases = 20;

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
        return DashboardPages.Render<AuditPage>(context, "Audit", new AuditModel(nodes, await ReleasesAsync(store, ns, aborted)));
    }

    /// <summary>
    /// The newest successful requests the gateways reported, each with the claim of its ⟨namespace, service, key⟩:
    /// the owner's side of the delegation chain (ADR 0062). The gateway's own release record is the authority.
    /// </summary>
    private static async Task<IReadOnlyList<AuditRelease>> ReleasesAsync(ISigilumStore store, string ns, CancellationToken aborted)
    {
        var used = await store.Usage.QueryAsync(new UsageQuery { Namespace = ns, Outcome = "success", Limit = MaxReleases }, aborted);
        var claims = new Dictionary<(string, string), ClaimRecord?>();
        var releases = new List<AuditRelease>(used.Items.Count);
        foreach (var usage in used.Items)
        {
            if (!claims.TryGetValue((usage.Service, usage.PublicKey), out var claim))
            {
                claim = await store.Claims.FindAsync(ns, usage.Service, usage.PublicKey, aborted);
                claims[(usage.Service, usage.PublicKey)] = claim;
            }
            releases.Add(new AuditRelease(usage.CreatedAt, usage.Service, usage.PublicKey, usage.Subject, claim));
        }
        return releases;
    }

    private static AuditCheckpointRow Row(StoredCheckpoint stored)
    {
        var parsed = AuditCheckpoint.Parse(stored.Json);
        return new AuditCheckpointRow(stored.Seq, stored.Head, parsed.IsSuccess ? parsed.Value.Timestamp : null, stored.ReceivedAt);
    }
}
