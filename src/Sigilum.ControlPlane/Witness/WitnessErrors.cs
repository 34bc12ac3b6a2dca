using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Witness;

/// <summary>Error codes of the audit witness (documented in docs/audit-witness.md).</summary>
internal static class WitnessErrors
{
    public static readonly ApiError Invalid = new("AUDIT_CHECKPOINT_INVALID", StatusCodes.Status400BadRequest, "The body is not a valid audit checkpoint.");
    public static readonly ApiError SignatureInvalid = new("AUDIT_CHECKPOINT_SIGNATURE_INVALID", StatusCodes.Status400BadRequest, "The checkpoint's signature does not verify.");
    public static readonly ApiError KeyMismatch = new("AUDIT_CHECKPOINT_KEY_MISMATCH", StatusCodes.Status403Forbidden, "The checkpoint is signed with a key other than the calling node's.");
    public static readonly ApiError NodeMismatch = new("AUDIT_CHECKPOINT_NODE_MISMATCH", StatusCodes.Status403Forbidden, "The checkpoint names a node other than the caller.");
    public static readonly ApiError Regression = new("AUDIT_CHECKPOINT_REGRESSION", StatusCodes.Status409Conflict, "The checkpoint is older than one already witnessed for this node.");
    public static readonly ApiError Conflict = new("AUDIT_CHECKPOINT_CONFLICT", StatusCodes.Status409Conflict, "A different head was already witnessed at this sequence number.");
}
