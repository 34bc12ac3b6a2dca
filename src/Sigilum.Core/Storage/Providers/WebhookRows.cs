using Sigilum.Core.Webhooks;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The webhook row: column list and mapping side by side so their order cannot drift.</summary>
internal static class WebhookRows
{
    public const string Columns = "id, service_id, namespace, url, events, sealed_secret, active, created_at";

    public static readonly Func<StoredRow, WebhookRecord> Read = RowMap.Of<WebhookRecord>(Columns);
}
