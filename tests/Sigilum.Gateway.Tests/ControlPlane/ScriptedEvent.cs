namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// One event a <see cref="ScriptedControlPlane"/> writes. By default it is signed exactly as the real control plane
/// signs (ADR 0024); each knob breaks exactly one thing: <paramref name="Unsigned"/> sends no <c>sig</c>,
/// <paramref name="FlipSignatureByte"/> flips one byte of a correct signature, <paramref name="SentData"/> sends other
/// data than was signed, <paramref name="SignedPosition"/> signs another position, <paramref name="SignedChallenge"/>
/// signs for another connection's challenge (a replay of a recording), <paramref name="StallHalfway"/> writes half
/// of the event and then nothing more (a slow or partial response).
/// </summary>
internal sealed record ScriptedEvent(
    string Name,
    string? Id,
    string Data,
    bool Unsigned = false,
    bool FlipSignatureByte = false,
    string? SentData = null,
    long? SignedPosition = null,
    string? SignedChallenge = null,
    bool StallHalfway = false);
