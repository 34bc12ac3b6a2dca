using System.Text.Json;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    /// <summary>Verifies the signature as a receiver would, with a 5-minute tolerance around <paramref name="now"/>.</summary>
    public bool VerifiesWith(string secret, DateTimeOffset now) =>
        WebhookSignature.Verify(secret, Header("X-Sigilum-Timestamp"), Body, Header("X-Sigilum-Signature"), now, TimeSpan.FromMinutes(5));
}
