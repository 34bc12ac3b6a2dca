using System.Net;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>The address a webhook URL may be dialled at, or why it may not.</summary>
internal sealed record TargetCheck(IPAddress? Address, string? Error)
{
    /// <summary>Stable error: the host resolves to an address that is not allowed.</summary>
    public const string NotAllowed = "target_not_allowed";

    /// <summary>Stable error: the host did not resolve.</summary>
    public const string Unresolvable = "dns_failed";

    /// <summary>True for refusals by policy (permanent), false for resolution failures (may pass later).</summary>
    public bool IsRefused => Error == NotAllowed;

    public static TargetCheck Allowed(IPAddress address) => new(address, null);

    public static TargetCheck Fail(string error) => new(null, error);
}
