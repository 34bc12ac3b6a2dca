using Sigilum.ControlPlane.Dashboard.Nodes;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Overview;

/// <summary>The first page after sign-in: what waits for a decision and whether the data planes are up.</summary>
internal static class OverviewEndpoints
{
    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var ns = context.Owner().Namespace;
        var aborted = context.RequestAborted;
        var pending = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Pending, Limit = 1 }, aborted);
        var approved = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Approved, Limit = 1 }, aborted);
        var agents = await store.Agents.ListAsync(ns, aborted);
        var services = await store.Services.ListAsync(ns, aborted);
        var now = time.GetUtcNow();
        var nodes = (await store.Nodes.ListAsync(ns, aborted)).Select(n => new OverviewNode(n, NodeStatus.IsOnline(n, now))).ToList();
        var model = new OverviewModel(pending.Total, approved.Total, agents.Count, services.Count, nodes);
        return DashboardPages.Render<OverviewPage>(context, "Overview", model);
    }
}
