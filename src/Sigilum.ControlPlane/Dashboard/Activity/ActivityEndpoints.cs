using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;
using Sigilum.Core.Usage;

namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// Usage reported by the namespace's gateways and vaults: a chart of requests per time bucket and outcome (counted
/// by the store, never loading the events) and the newest matching events, a page at a time. Read-only; the
/// filters are a GET form, so every view is a link.
/// </summary>
internal static class ActivityEndpoints
{
    public const string Path = DashboardPaths.Root + "/activity";

    public static void Map(RouteGroupBuilder signedIn) => signedIn.MapGet("/activity", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var ns = DashboardSessions.Current(context)!.Namespace;
        var aborted = context.RequestAborted;
        var services = (await store.Services.ListAsync(ns, aborted)).Select(s => s.Slug).Order(StringComparer.Ordinal).ToList();
        var filter = ActivityFilter.Parse(context.Request.Query, out var problem);
        if (filter is null)
        {
            var (defaultFrom, defaultTo) = ActivityRange.Default.Window(time.GetUtcNow());
            var none = new Page<UsageEvent>([], 0, ActivityFilter.PageSize, 0);
            return DashboardPages.Render<ActivityPage>(
                context, "Activity", new ActivityModel(ActivityFilter.Default, defaultFrom, defaultTo, null, none, services, problem), StatusCodes.Status400BadRequest);
        }
        var (from, to) = filter.Range.Window(time.GetUtcNow());
        // Always the signed-in namespace: the filters narrow within it, never across.
        var query = new UsageQuery
        {
            Namespace = ns, Agent = filter.Agent, Service = filter.Service, Outcome = filter.Outcome, Protocol = filter.Protocol, DataPlane = filter.Plane,
            From = from, To = to, Limit = ActivityFilter.PageSize, Offset = filter.Offset,
        };
        var counts = await store.Usage.CountByBucketAsync(query, filter.Range.Bucket, aborted);
        var chart = ActivityChart.Build(counts, from, filter.Range.Bucket, filter.Range.BucketCount);
        var events = await store.Usage.QueryAsync(query, aborted);
        return DashboardPages.Render<ActivityPage>(context, "Activity", new ActivityModel(filter, from, to, chart, events, services, null));
    }
}
