using Sigilum.ControlPlane.Api;
using Sigilum.Core.Storage;
using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Webhooks of a service (owner only). The secret is returned once, by the create call; lists never
/// show it and the database holds it sealed.
/// </summary>
internal static class WebhookEndpoints
{
    public const int MaxActivePerService = WebhookRegistrar.MaxActivePerService;

    public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/namespaces/{ns}/services/{slug}/webhooks").RequireOwner();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", async (HttpContext context, string ns, string slug, ISigilumStore store) =>
        {
            var (service, denied) = await ServiceEndpoints.FindOwnedServiceAsync(context, ns, slug, store);
            return denied ?? Results.Ok(new { webhooks = (await store.Webhooks.ListAsync(ns, service!.Id, context.RequestAborted)).Select(w => WebhookView.From(w, slug)) });
        });
        group.MapDelete("/{id}", async (HttpContext context, string ns, string slug, string id, ISigilumStore store) =>
        {
            var (webhook, denied) = await FindWebhookAsync(context, ns, slug, id, store);
            return denied ?? (await store.Webhooks.DeleteAsync(webhook!.Id, context.RequestAborted) ? Results.NoContent() : ApiResults.NotFound(context, "Webhook"));
        });
        group.MapGet("/{id}/deliveries", async (HttpContext context, string ns, string slug, string id, ISigilumStore store, int? limit) =>
        {
            var (webhook, denied) = await FindWebhookAsync(context, ns, slug, id, store);
            if (denied is not null)
            {
                return denied;
            }
            if (limit is < 1 or > 200)
            {
                return ApiResults.Validation(context, "limit must be 1-200.");
            }
            var deliveries = await store.Webhooks.ListDeliveriesAsync(webhook!.Id, limit ?? 50, context.RequestAborted);
            return Results.Ok(new { deliveries = deliveries.Select(WebhookDeliveryView.From) });
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string ns, string slug, ISigilumStore store, WebhookRegistrar registrar)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CreateWebhookRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var (service, denied) = await ServiceEndpoints.FindOwnedServiceAsync(context, ns, slug, store);
        if (denied is not null)
        {
            return denied;
        }
        var creation = await registrar.CreateAsync(service!, body?.Url, body?.Events, body?.Secret, context.RequestAborted);
        if (creation.Webhook is not { } webhook)
        {
            return ApiResults.Error(context, creation.Error!, creation.Problem);
        }
        var view = WebhookView.From(webhook, slug);
        return Results.Json(new
        {
            view.Id, view.Service, view.Url, view.Events, view.Active, view.CreatedAt, creation.Secret,
            message = "Store this secret now; it is not shown again. Verify X-Sigilum-Signature with it (docs/webhooks.md).",
        }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<(WebhookRecord? Webhook, IResult? Denied)> FindWebhookAsync(HttpContext context, string ns, string slug, string id, ISigilumStore store)
    {
        var (service, denied) = await ServiceEndpoints.FindOwnedServiceAsync(context, ns, slug, store);
        if (denied is not null)
        {
            return (null, denied);
        }
        var webhook = await store.Webhooks.GetAsync(id, context.RequestAborted);
        // Another namespace's or service's webhook is invisible, not forbidden.
        return webhook is not null && webhook.Namespace == ns && webhook.ServiceId == service!.Id ? (webhook, null) : (null, ApiResults.NotFound(context, "Webhook"));
    }
}
