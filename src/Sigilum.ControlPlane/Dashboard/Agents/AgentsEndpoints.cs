using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Agents;

/// <summary>
/// <c>/dashboard/agents</c>: every agent key that filed a claim in the namespace (the store records it then), with
/// its DID key id, first and last seen, and its claims per service. Read-only: decisions are made on the pending
/// and claims pages.
/// </summary>
internal static class AgentsEndpoints
{
    private const int ScanBatch = 500;

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store)
    {
        var ns = context.Owner().Namespace;
        var aborted = context.RequestAborted;
        var agents = await store.Agents.ListAsync(ns, aborted);
        // At most one claim per agent key and service, so this is bounded by the agents shown times services.
        var services = new Dictionary<string, List<AgentService>>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += ScanBatch)
        {
            var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Limit = ScanBatch, Offset = offset }, aborted);
            foreach (var claim in page.Items)
            {
                if (!services.TryGetValue(claim.PublicKey, out var list))
                {
                    services[claim.PublicKey] = list = [];
                }
                list.Add(new AgentService(claim.Service, claim.Status));
            }
            if (!page.HasMore)
            {
                break;
            }
        }
        var rows = agents
            .OrderByDescending(a => a.LastSeenAt)
            .Select(a => new AgentRow(a, services.TryGetValue(a.PublicKey, out var list)
                ? list.OrderBy(s => s.Service, StringComparer.Ordinal).ToList() : []))
            .ToList();
        return DashboardPages.Render<AgentsPage>(context, "Agents", new AgentsModel(rows));
    }
}
