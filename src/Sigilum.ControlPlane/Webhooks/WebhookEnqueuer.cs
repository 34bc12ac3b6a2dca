using Sigilum.ControlPlane.Claims;
using Sigilum.Core.Claims;
using Sigilum.Core.Ids;
using Sigilum.Core.Storage;
using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Turns a claim change into one queued delivery per active webhook that subscribes to the event, on
/// the claim's own service in the claim's own namespace. The reference matched webhooks by service slug
/// across all owners, leaking one tenant's approvals to another's webhook (spec §9 item 4).
/// </summary>
internal sealed partial class WebhookEnqueuer(ISigilumStore store, WebhookDispatcher dispatcher, TimeProvider time, ILogger<WebhookEnqueuer> logger) : IClaimChangeListener
{
    public async Task OnClaimChangedAsync(ClaimRecord claim, string eventName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        // The change has committed. Neither a caller that hangs up (CancellationToken.None) nor a queue
        // write that fails may turn it into an error response: the owner would retry a decision that
        // already happened. A failure is logged instead.
        try
        {
            var service = await store.Services.GetAsync(claim.Namespace, claim.Service, CancellationToken.None);
            if (service is null)
            {
                return;
            }
            var webhooks = await store.Webhooks.ListAsync(claim.Namespace, service.Id, CancellationToken.None);
            var now = time.GetUtcNow();
            var deliveries = webhooks
                .Where(w => w.Active && w.Namespace == claim.Namespace && w.ServiceId == service.Id && w.Events.Contains(eventName, StringComparer.Ordinal))
                .Select(w => NewDelivery(w, eventName, claim, now))
                .ToList();
            if (deliveries.Count == 0)
            {
                return;
            }
            await store.Webhooks.EnqueueAsync(deliveries, CancellationToken.None);
            dispatcher.Wake();
        }
#pragma warning disable CA1031 // See above: never fail a committed claim change because of its notification.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, eventName, claim.Id, e.GetType().Name, e);
        }
    }

    private static WebhookDelivery NewDelivery(WebhookRecord webhook, string eventName, ClaimRecord claim, DateTimeOffset now)
    {
        var id = IdGenerator.New("whd_");
        return new WebhookDelivery
        {
            Id = id,
            WebhookId = webhook.Id,
            Event = eventName,
            Body = WebhookPayload.Build(eventName, id, now, claim),
            Attempt = 0,
            FirstAttemptAt = now,
            NextAttemptAt = now,
            Status = WebhookDeliveryStatus.Pending,
        };
    }

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Could not queue webhook deliveries for {Event} of claim {ClaimId} ({ExceptionType})")]
    private static partial void LogEnqueueFailed(ILogger logger, string @event, string claimId, string exceptionType, Exception exception);
}
