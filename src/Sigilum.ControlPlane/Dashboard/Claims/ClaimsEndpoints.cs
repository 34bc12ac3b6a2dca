using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>
/// <c>/dashboard/claims</c>: every claim of the namespace, filtered and paged through the query string, with
/// Revoke on approved ones. Revoking goes through <see cref="ClaimService.RevokeAsync"/>, so the change is in the
/// feed the push stream serves, and the page then says on how many gateways it is confirmed in effect (ADR 0027).
/// </summary>
internal static class ClaimsEndpoints
{
    private const int ScanBatch = 500;

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var ns = context.Owner().Namespace;
        var aborted = context.RequestAborted;
        var (filter, problem) = ClaimsFilter.Parse(context.Request.Query);
        var services = (await store.Services.ListAsync(ns, aborted)).Select(s => s.Slug).Order(StringComparer.Ordinal).ToList();
        var page = problem is null
            ? await ListAsync(store, ns, filter, aborted)
            : new Page<ClaimRecord>([], 0, ClaimsFilter.PageSize, 0);
        var model = new ClaimsModel(filter, page, services, time.GetUtcNow(), problem);
        // After a revoke: how far it got, with the names of gateways that did not confirm (ADR 0027).
        var notice = context.Request.Query.ContainsKey("in_effect") ? RevocationNotice.Text(context.Request.Query, await store.Nodes.ListAsync(ns, aborted)) : null;
        return DashboardPages.Render<ClaimsPage>(context, "Claims", model, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, notice);
    }

    /// <summary>The form's action carries the view's filters, so the owner lands back on the same view.</summary>
    internal static async Task<IResult> RevokeAsync(HttpContext context, string id, ClaimService claims)
    {
        var ns = context.Owner().Namespace;
        var (filter, _) = ClaimsFilter.Parse(context.Request.Query);
        var outcome = await claims.RevokeAsync(ns, id, context.RequestAborted);
        var back = outcome.Propagation is { } propagation ? RevocationNotice.Append(filter.Link(filter.Page), propagation) : filter.Link(filter.Page);
        return ClaimDecisions.Result(context, outcome, back, "revoked");
    }

    private static async Task<Page<ClaimRecord>> ListAsync(ISigilumStore store, string ns, ClaimsFilter filter, CancellationToken aborted)
    {
        var query = new ClaimQuery { Namespace = ns, Status = filter.Status, Service = filter.Service, Limit = ClaimsFilter.PageSize, Offset = filter.Offset };
        if (filter.Agent is null)
        {
            return await store.Claims.ListAsync(query, aborted);
        }
        if (AgentKeys.TryParse(filter.Agent, out _))
        {
            return await store.Claims.ListAsync(query with { PublicKey = filter.Agent }, aborted);
        }
        // Free text: the store filters keys exactly only, so scan the namespace's claims (one per agent key and
        // service, so a bounded set) under the other filters and page the matches here.
        var matches = new List<ClaimRecord>();
        for (var offset = 0; ; offset += ScanBatch)
        {
            var batch = await store.Claims.ListAsync(query with { Limit = ScanBatch, Offset = offset }, aborted);
            matches.AddRange(batch.Items.Where(c => Matches(c, filter.Agent)));
            if (!batch.HasMore)
            {
                break;
            }
        }
        return new Page<ClaimRecord>(matches.Skip(filter.Offset).Take(ClaimsFilter.PageSize).ToList(), matches.Count, ClaimsFilter.PageSize, filter.Offset);
    }

    private static bool Matches(ClaimRecord claim, string text)
    {
        return Contains(claim.AgentName) || Contains(claim.AgentId) || Contains(claim.PublicKey) || Contains(ClaimDisplay.KeyId(claim.Namespace, claim.PublicKey));

        bool Contains(string? value) => value is not null && value.Contains(text, StringComparison.OrdinalIgnoreCase);
    }
}
