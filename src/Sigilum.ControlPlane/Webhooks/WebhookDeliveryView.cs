using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>One row of a webhook's delivery log (the payload is not repeated here).</summary>
internal sealed record WebhookDeliveryView(
    string Id, string Event, int Attempt, string Status, int? LastStatusCode, string? LastError,
    DateTimeOffset FirstAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt)
{
    public static WebhookDeliveryView From(WebhookDelivery d) => new(
        d.Id, d.Event, d.Attempt, d.Status.ToString().ToLowerInvariant(), d.LastStatusCode, d.LastError, d.FirstAttemptAt,
        d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.CompletedAt);
}
