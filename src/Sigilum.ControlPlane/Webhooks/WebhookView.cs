using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>A webhook as the API lists it: never with its secret.</summary>
internal sealed record WebhookView(string Id, string Service, string Url, IReadOnlyList<string> Events, bool Active, DateTimeOffset CreatedAt)
{
    public static WebhookView From(WebhookRecord webhook, string serviceSlug) =>
        new(webhook.Id, serviceSlug, webhook.Url, webhook.Events, webhook.Active, webhook.CreatedAt);
}
