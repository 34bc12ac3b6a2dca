namespace Sigilum.Core.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}
