using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Problem codes of the attestation endpoints (documented in docs/attestations.md).</summary>
internal static class AttestationApiErrors
{
    public static readonly ApiError RotationLimited = new(
        "ATTESTATION_KEY_ROTATION_LIMITED", StatusCodes.Status429TooManyRequests, "Too many attestation keys are published; rotate again after the oldest leaves its grace period.");
}
