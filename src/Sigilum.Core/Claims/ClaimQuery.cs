namespace Sigilum.Core.Claims;

/// <summary>Filters for listing claims; <see cref="Namespace"/> null means every namespace (feeds).</summary>
public sealed record ClaimQuery
{
    public string? Namespace { get; init; }

    public ClaimStatus? Status { get; init; }

    public string? Service { get; init; }

    public string? PublicKey { get; init; }

    /// <summary>Only claims last changed before this instant (the pending-claim expiry sweep).</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }
}
