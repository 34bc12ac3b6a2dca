using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>Error codes of the webhook API (documented in docs/webhooks.md).</summary>
internal static class WebhookErrors
{
    public static readonly ApiError TargetNotAllowed = new("WEBHOOK_TARGET_NOT_ALLOWED", StatusCodes.Status400BadRequest, "The webhook URL points to an address that is not allowed.");
    public static readonly ApiError TargetUnresolvable = new("WEBHOOK_TARGET_UNRESOLVABLE", StatusCodes.Status400BadRequest, "The webhook URL's host does not resolve.");
    public static readonly ApiError LimitReached = new("WEBHOOK_LIMIT_REACHED", StatusCodes.Status409Conflict, "The service has the maximum number of webhooks.");
}
