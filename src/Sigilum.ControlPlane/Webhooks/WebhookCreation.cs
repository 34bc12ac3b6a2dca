using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>The outcome of adding a webhook: the webhook and its secret (shown once), or the refusal and why.</summary>
internal sealed record WebhookCreation(WebhookRecord? Webhook, string? Secret, ApiError? Error, string? Problem)
{
    public static WebhookCreation Created(WebhookRecord webhook, string secret) => new(webhook, secret, null, null);

    public static WebhookCreation Refused(ApiError error, string problem) => new(null, null, error, problem);
}
