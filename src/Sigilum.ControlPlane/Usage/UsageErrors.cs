using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Usage;

/// <summary>Error codes of the usage batch route (documented in docs/audit-witness.md and docs/errors.md).</summary>
internal static class UsageErrors
{
    public static readonly ApiError BatchSize = new("USAGE_BATCH_SIZE_INVALID", StatusCodes.Status400BadRequest, "A usage batch holds 1-500 events.");
    public static readonly ApiError EventInvalid = new("USAGE_EVENT_INVALID", StatusCodes.Status400BadRequest, "An event of the batch is malformed; nothing of the batch was stored.");
}
