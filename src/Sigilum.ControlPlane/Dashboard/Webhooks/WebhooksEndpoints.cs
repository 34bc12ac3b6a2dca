using Sigilum.ControlPlane.Dashboard.ApiKeys;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Webhooks;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Webhooks;

/// <summary>
/// Webhooks per service: list with recent deliveries, add (the owner API's rules and SSRF guard, through
/// <see cref="WebhookRegistrar"/>; the secret the owner types is sealed and never shown back), remove.
/// </summary>
internal static class WebhooksEndpoints
{
    public const int DeliveriesShown = 5;
    private const string Title = "Webhooks";

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store) =>
        Page(context, await ModelAsync(context, store, null));

    internal static async Task<IResult> AddAsync(HttpContext context, string serviceId, ISigilumStore store, WebhookRegistrar registrar)
    {
        var service = await ApiKeysEndpoints.FindServiceAsync(context, store, serviceId);
        if (service is null)
        {
            return DashboardPages.NotFound(context);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var url = form["url"].ToString();
        var events = form["events"].Where(e => !string.IsNullOrEmpty(e)).Select(e => e!).ToList();
        // An empty secret is refused by the length rule: unlike the API, the dashboard never generates one, because
        // it would have to show it back.
        var creation = await registrar.CreateAsync(service, url, events, form["secret"].ToString(), context.RequestAborted);
        if (creation.Webhook is null)
        {
            var refused = new WebhookFormState(service.Id, creation.Problem!, creation.Error!.Code, url, events);
            return Page(context, await ModelAsync(context, store, refused), StatusCodes.Status400BadRequest);
        }
        return DashboardPages.Done(DashboardPaths.Webhooks, "webhook-added");
    }

    internal static async Task<IResult> RemoveAsync(HttpContext context, string serviceId, string webhookId, ISigilumStore store)
    {
        var service = await ApiKeysEndpoints.FindServiceAsync(context, store, serviceId);
        var webhook = service is null ? null : await store.Webhooks.GetAsync(webhookId, context.RequestAborted);
        if (webhook is null || webhook.Namespace != service!.Namespace || webhook.ServiceId != service.Id)
        {
            return DashboardPages.NotFound(context);
        }
        await store.Webhooks.DeleteAsync(webhook.Id, context.RequestAborted);
        return DashboardPages.Done(DashboardPaths.Webhooks, "webhook-removed");
    }

    private static async Task<WebhooksModel> ModelAsync(HttpContext context, ISigilumStore store, WebhookFormState? refused)
    {
        var ns = context.Owner().Namespace;
        var services = await store.Services.ListAsync(ns, context.RequestAborted);
        var webhooks = await store.Webhooks.ListAsync(ns, null, context.RequestAborted);
        var rows = new List<ServiceWebhooks>(services.Count);
        foreach (var service in services.OrderBy(s => s.Slug, StringComparer.Ordinal))
        {
            var own = new List<WebhookRow>();
            foreach (var webhook in webhooks.Where(w => w.ServiceId == service.Id).OrderBy(w => w.CreatedAt))
            {
                own.Add(new WebhookRow(webhook, await store.Webhooks.ListDeliveriesAsync(webhook.Id, DeliveriesShown, context.RequestAborted)));
            }
            rows.Add(new ServiceWebhooks(service, own));
        }
        return new WebhooksModel(rows, refused);
    }

    private static IResult Page(HttpContext context, WebhooksModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<WebhooksPage>(context, Title, model, status);
}
