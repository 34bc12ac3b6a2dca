namespace Sigilum.Core.Usage;

/// <summary>Filters for usage events of one namespace.</summary>
public sealed record UsageQuery
{
    public required string Namespace { get; init; }

    public string? Service { get; init; }

    public string? Outcome { get; init; }

    public string? Agent { get; init; }

    /// <summary><c>http</c> (which also matches events without a recorded protocol) or <c>mcp</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>
    /// <c>gateway</c> or <c>vault</c>: the kind of the node that reported the event (ADR 0061). An event whose node is
    /// not (or no longer) registered, or that was reported before nodes were recorded, counts as a gateway's.
    /// </summary>
    public string? DataPlane { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 100;

    public int Offset { get; init; }
}
