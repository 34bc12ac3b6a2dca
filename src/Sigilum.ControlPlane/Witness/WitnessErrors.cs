using Sigilum.AspNetCore.Errors;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Witness;

/// <summary>Error codes of the audit witness (documented in docs/audit-witness.md).</summary>
internal static class WitnessErrors
{
    public static readonly ApiError Invalid = ApiError.Of(ErrorCatalogue.AuditCheckpointInvalid);
    public static readonly ApiError SignatureInvalid = ApiError.Of(ErrorCatalogue.AuditCheckpointSignatureInvalid);
    public static readonly ApiError KeyMismatch = ApiError.Of(ErrorCatalogue.AuditCheckpointKeyMismatch);
    public static readonly ApiError NodeMismatch = ApiError.Of(ErrorCatalogue.AuditCheckpointNodeMismatch);
    public static readonly ApiError Regression = ApiError.Of(ErrorCatalogue.AuditCheckpointRegression);
    public static readonly ApiError Conflict = ApiError.Of(ErrorCatalogue.AuditCheckpointConflict);
}
