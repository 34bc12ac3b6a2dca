using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Claims;

/// <summary>Result of an owner decision: the changed claim, or why nothing changed.</summary>
public sealed record ClaimOutcome(ClaimRecord? Claim, ClaimOutcomeError Error)
{
    /// <summary>The change-feed position of the decision (0 when nothing changed): the event id the stream carries it under.</summary>
    public long Seq { get; init; }

    /// <summary>For a revocation: how far it got before it was answered (ADR 0027); null for other decisions.</summary>
    public RevocationPropagation? Propagation { get; init; }

    public static ClaimOutcome Ok(ClaimRecord claim) => new(claim, ClaimOutcomeError.None);

    public static ClaimOutcome Fail(ClaimOutcomeError error) => new(null, error);
}

/// <summary>Why a decision did not apply.</summary>
public enum ClaimOutcomeError
{
    None,

    /// <summary>No such claim in the caller's namespace (other namespaces' claims are invisible).</summary>
    NotFound,

    /// <summary>The claim is not in a state this decision applies to (or another decision won the race).</summary>
    WrongState,
}
