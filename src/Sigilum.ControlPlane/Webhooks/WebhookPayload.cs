using System.Globalization;
using System.Text.Json;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// The body of a delivery: <c>{"event","timestamp","delivery_id","data":{claim_id, namespace, service,
/// public_key, subject, agent_id, agent_name, status, expires_at?, reason?}}</c>. Built once at enqueue
/// time and stored, so every retry sends (and signs) the same bytes.
/// </summary>
internal static class WebhookPayload
{
    public static string Build(string eventName, string deliveryId, DateTimeOffset occurredAt, ClaimRecord claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", eventName);
            json.WriteString("timestamp", Iso(occurredAt));
            json.WriteString("delivery_id", deliveryId);
            json.WriteStartObject("data");
            json.WriteString("claim_id", claim.Id);
            json.WriteString("namespace", claim.Namespace);
            json.WriteString("service", claim.Service);
            json.WriteString("public_key", claim.PublicKey);
            json.WriteString("subject", claim.Subject);
            json.WriteString("agent_id", claim.AgentId);
            json.WriteString("agent_name", claim.AgentName);
            json.WriteString("status", ClaimView.StatusText(claim.Status));
            if (claim.ExpiresAt is { } expires)
            {
                json.WriteString("expires_at", Iso(expires));
            }
            if (claim.Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
