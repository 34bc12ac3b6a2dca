using Sigilum.AspNetCore.Errors;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Problem codes of the attestation endpoints (documented in docs/attestations.md).</summary>
internal static class AttestationApiErrors
{
    public static readonly ApiError RotationLimited = ApiError.Of(ErrorCatalogue.AttestationKeyRotationLimited);
}
