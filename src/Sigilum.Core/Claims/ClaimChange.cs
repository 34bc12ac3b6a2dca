namespace Sigilum.Core.Claims;

/// <summary>
/// One entry of the durable change feed, written in the same transaction as the claim change. Its
/// sequence number is the push stream's event id, so a data plane resumes exactly where it left off and
/// every control-plane instance on one database pushes the same changes.
/// </summary>
public sealed record ClaimChange
{
    public required long Seq { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The claim as it is after the change.</summary>
    public required ClaimRecord Claim { get; init; }

    public required DateTimeOffset At { get; init; }
}
