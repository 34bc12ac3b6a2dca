namespace Sigilum.Core.Webhooks;

/// <summary>A webhook of a service. The HMAC secret is stored sealed (AES-GCM), never in clear.</summary>
public sealed record WebhookRecord
{
    public required string Id { get; init; }

    public required string ServiceId { get; init; }

    public required string Namespace { get; init; }

    public required string Url { get; init; }

    /// <summary>Subscribed events, e.g. <c>request.approved</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    public required byte[] SealedSecret { get; init; }

    public bool Active { get; init; } = true;

    public required DateTimeOffset CreatedAt { get; init; }
}
