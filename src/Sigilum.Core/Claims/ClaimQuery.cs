namespace Sigilum.Core.Claims;

/// <summary>Filters for listing claims; <see cref="Namespace"/> null means every namespace (feeds).</summary>
public sealed record ClaimQuery
{
    public string? Namespace { get; init; }

    public ClaimStatus? Status { get; init; }

    public string? Service { get; init; }

    public string? PublicKey { get; init; }

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }
}
