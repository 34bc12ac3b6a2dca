using Sigilum.Core.Webhooks;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The webhook delivery row: column list and mapping side by side so their order cannot drift.</summary>
internal static class WebhookDeliveryRows
{
    public const string Columns = "id, webhook_id, event, body, attempt, first_attempt_at, next_attempt_at, status, last_status_code, last_error, completed_at";

    public static readonly Func<StoredRow, WebhookDelivery> Read = RowMap.Of<WebhookDelivery>(Columns);
}
