using Sigilum.AspNetCore.Errors;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>Error codes of the webhook API (documented in docs/webhooks.md).</summary>
internal static class WebhookErrors
{
    public static readonly ApiError TargetNotAllowed = ApiError.Of(ErrorCatalogue.WebhookTargetNotAllowed);
    public static readonly ApiError TargetUnresolvable = ApiError.Of(ErrorCatalogue.WebhookTargetUnresolvable);
    public static readonly ApiError LimitReached = ApiError.Of(ErrorCatalogue.WebhookLimitReached);
}
