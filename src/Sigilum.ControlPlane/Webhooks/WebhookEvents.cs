namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// The claim events a webhook can subscribe to. Unlike the reference, <c>request.submitted</c> is really
/// sent (spec §9 item 9).
/// </summary>
internal static class WebhookEvents
{
    public const string Submitted = "request.submitted";
    public const string Approved = "request.approved";
    public const string Rejected = "request.rejected";
    public const string Revoked = "request.revoked";
    public const string Expired = "request.expired";

    /// <summary>Every event, the default subscription.</summary>
    public static readonly IReadOnlyList<string> All = [Submitted, Approved, Rejected, Revoked, Expired];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
