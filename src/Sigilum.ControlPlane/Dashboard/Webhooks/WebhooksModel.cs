using Sigilum.Core.Services;
using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Dashboard.Webhooks;

/// <summary>Each service's webhooks with their recent deliveries, and the last refused "Add webhook" form.</summary>
public sealed record WebhooksModel(IReadOnlyList<ServiceWebhooks> Services, WebhookFormState? Refused = null);

/// <summary>A service and its webhooks.</summary>
public sealed record ServiceWebhooks(ServiceRecord Service, IReadOnlyList<WebhookRow> Webhooks);

/// <summary>A webhook (its sealed secret is never shown) and its latest deliveries, newest first.</summary>
public sealed record WebhookRow(WebhookRecord Webhook, IReadOnlyList<WebhookDelivery> Deliveries);

/// <summary>
/// A refused "Add webhook" form: for which service, why (message and stable code), and the URL and events typed, so
/// they need not be typed again. The secret is deliberately not kept: it is never written back into a page.
/// </summary>
public sealed record WebhookFormState(string ServiceId, string Problem, string Code, string Url, IReadOnlyList<string> Events);
