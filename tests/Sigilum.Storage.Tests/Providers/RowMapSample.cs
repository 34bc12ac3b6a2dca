using Sigilum.Core.Claims;

namespace Sigilum.Storage.Providers;

/// <summary>A record of each column shape <see cref="RowMapTests"/> reads.</summary>
public sealed record RowMapSample
{
    public required string SampleId { get; init; }

    public string? Note { get; init; }

    public required ClaimStatus Status { get; init; }

    public int? Count { get; init; }

    public DateTimeOffset? SeenAt { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A type no column reader exists for.</summary>
    public decimal Ratio { get; init; }
}
