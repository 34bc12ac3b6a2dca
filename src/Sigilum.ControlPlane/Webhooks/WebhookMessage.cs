namespace Sigilum.ControlPlane.Webhooks;

/// <summary>One signed request ready to send (the signature was computed and the secret zeroed already).</summary>
internal sealed record WebhookMessage(Uri Url, string WebhookId, string DeliveryId, string Event, long Timestamp, string Signature, byte[] Body);
