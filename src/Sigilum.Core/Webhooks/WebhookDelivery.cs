namespace Sigilum.Core.Webhooks;

/// <summary>One event to deliver to one webhook, kept in the database so restarts lose nothing.</summary>
public sealed record WebhookDelivery
{
    public required string Id { get; init; }

    public required string WebhookId { get; init; }

    public required string Event { get; init; }

    /// <summary>The exact body that is signed and sent.</summary>
    public required string Body { get; init; }

    public required int Attempt { get; init; }

    public required DateTimeOffset FirstAttemptAt { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public required WebhookDeliveryStatus Status { get; init; }

    public int? LastStatusCode { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
