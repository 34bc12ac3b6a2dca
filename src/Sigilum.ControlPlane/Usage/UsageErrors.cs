using Sigilum.AspNetCore.Errors;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Usage;

/// <summary>Error codes of the usage batch route (documented in docs/audit-witness.md and docs/errors.md).</summary>
internal static class UsageErrors
{
    public static readonly ApiError BatchSize = ApiError.Of(ErrorCatalogue.UsageBatchSizeInvalid);
    public static readonly ApiError EventInvalid = ApiError.Of(ErrorCatalogue.UsageEventInvalid);
}
