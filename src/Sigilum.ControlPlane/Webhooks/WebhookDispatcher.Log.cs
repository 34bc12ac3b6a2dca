using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

// Event ids 1100-1119 belong to webhooks; next free: 1104.
internal sealed partial class WebhookDispatcher
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Webhooks:AllowPrivateTargets is on: webhooks may target loopback and private networks")]
    private static partial void LogPrivateTargetsAllowed(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Webhook dispatch round failed with {ExceptionType}; retrying next round")]
    private static partial void LogRoundFailed(ILogger logger, string exceptionType, Exception exception);

    // Ids and outcome only: never the URL (it may carry a token) and never the secret or signature.
    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} of {WebhookId} attempt {Attempt}: {Status} (http {StatusCode}, error {Error})")]
    private static partial void LogAttempt(ILogger logger, string deliveryId, string webhookId, int attempt, WebhookDeliveryStatus status, int? statusCode, string? error);
}
