using Sigilum.Core.Webhooks;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The webhook and delivery rows: column lists and mappings side by side so their order cannot drift.</summary>
internal static class WebhookRows
{
    public const string Columns = "id, service_id, namespace, url, events, sealed_secret, active, created_at";

    public const string DeliveryColumns =
        "id, webhook_id, event, body, attempt, first_attempt_at, next_attempt_at, status, last_status_code, last_error, completed_at";

    public static WebhookRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            ServiceId = row.GetString(1),
            Namespace = row.GetString(2),
            Url = row.GetString(3),
            Events = row.StringList(4),
            SealedSecret = row.Bytes(5),
            Active = row.GetBoolean(6),
            CreatedAt = row.Time(7),
        };
    }

    public static WebhookDelivery ReadDelivery(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Id = row.GetString(0),
            WebhookId = row.GetString(1),
            Event = row.GetString(2),
            Body = row.GetString(3),
            Attempt = row.GetInt32(4),
            FirstAttemptAt = row.Time(5),
            NextAttemptAt = row.Time(6),
            Status = EnumText.ToDeliveryStatus(row.GetString(7)),
            LastStatusCode = row.IntOrNull(8),
            LastError = row.StringOrNull(9),
            CompletedAt = row.TimeOrNull(10),
        };
    }
}
