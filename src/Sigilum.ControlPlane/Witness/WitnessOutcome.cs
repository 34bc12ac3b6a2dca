using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Witness;

namespace Sigilum.ControlPlane.Witness;

/// <summary>The witness's answer to a checkpoint: stored, already known, or refused with a code.</summary>
internal sealed record WitnessOutcome(StoredCheckpoint? Checkpoint, bool Duplicate, ApiError? Error, string? Detail)
{
    public static WitnessOutcome Stored(StoredCheckpoint checkpoint, bool duplicate) => new(checkpoint, duplicate, null, null);

    public static WitnessOutcome Refuse(ApiError error, string? detail = null) => new(null, false, error, detail);
}
