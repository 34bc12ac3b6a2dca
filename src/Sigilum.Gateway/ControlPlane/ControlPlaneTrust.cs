namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// Stable codes for why the gateway did not trust what answered as its control plane (ADR 0024, docs/errors.md).
/// They appear in <c>/health/ready</c>, <c>sigilum gateway status</c> and the log; an agent meanwhile sees
/// <c>AUTH_CLAIMS_UNAVAILABLE</c> once the approvals are stale, exactly as when the stream is down.
/// </summary>
internal static class ControlPlaneTrust
{

    /// <summary>The message shown when no key is pinned.</summary>
    public const string NotPinnedMessage = ErrorCatalogue.ControlPlaneKeyNotPinned + ": no control-plane key is pinned, so nothing from the control plane is trusted. " +
        "Re-pair with `sigilum gateway connect` (or restart with `sigilum up` / `sigilum gateway start` signed in as the owner).";
}
