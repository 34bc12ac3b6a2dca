using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Ids;
using Sigilum.Core.Services;
using Sigilum.Core.Storage;
using Sigilum.Core.Webhooks;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Adding a webhook to a service, shared by the owner API and the dashboard: URL syntax, events, secret length,
/// the per-service limit and the SSRF guard (resolve and classify), then the secret sealed to the webhook's id.
/// </summary>
internal sealed class WebhookRegistrar(ISigilumStore store, WebhookTargetGuard guard, WebhookSecrets secrets, TimeProvider time)
{
    public const int MaxActivePerService = 5;

    public const string TargetNotAllowedDetail = "The URL's host is a loopback, private, link-local or otherwise non-public address.";

    /// <summary>Validates and stores the webhook; the secret is generated when none is given and returned once.</summary>
    public async Task<WebhookCreation> CreateAsync(
        ServiceRecord service, string? urlInput, IReadOnlyList<string>? eventsInput, string? secretInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var url = WebhookTargetGuard.Parse(urlInput, out var urlError);
        if (url is null)
        {
            return WebhookCreation.Refused(ApiErrors.ValidationError, urlError);
        }
        var events = eventsInput ?? WebhookEvents.All;
        if (events.Count == 0 || events.Any(e => !WebhookEvents.IsKnown(e)))
        {
            return WebhookCreation.Refused(ApiErrors.ValidationError, "events must be a non-empty subset of: " + string.Join(", ", WebhookEvents.All) + ".");
        }
        if (secretInput is { Length: < WebhookSecrets.MinLength or > WebhookSecrets.MaxLength })
        {
            return WebhookCreation.Refused(ApiErrors.ValidationError, $"secret must be {WebhookSecrets.MinLength}-{WebhookSecrets.MaxLength} characters.");
        }
        var existing = await store.Webhooks.ListAsync(service.Namespace, service.Id, cancellationToken);
        if (existing.Count(w => w.Active) >= MaxActivePerService)
        {
            return WebhookCreation.Refused(ApiError.Of(ErrorCatalogue.WebhookLimitReached), $"A service has at most {MaxActivePerService} active webhooks; delete one first.");
        }
        var target = await guard.CheckAsync(url, cancellationToken);
        if (target.Address is null)
        {
            return target.IsRefused
                ? WebhookCreation.Refused(ApiError.Of(ErrorCatalogue.WebhookTargetNotAllowed), TargetNotAllowedDetail)
                : WebhookCreation.Refused(ApiError.Of(ErrorCatalogue.WebhookTargetUnresolvable), ApiError.Of(ErrorCatalogue.WebhookTargetUnresolvable).Title);
        }
        var secret = secretInput ?? WebhookSecrets.Generate();
        var webhook = new WebhookRecord
        {
            Id = IdGenerator.New("wh_"), ServiceId = service.Id, Namespace = service.Namespace, Url = urlInput!.Trim(),
            Events = events.Distinct(StringComparer.Ordinal).ToList(), Active = true, CreatedAt = time.GetUtcNow(), SealedSecret = [],
        };
        webhook = webhook with { SealedSecret = secrets.Seal(webhook.Id, secret) };
        await store.Webhooks.CreateAsync(webhook, cancellationToken);
        return WebhookCreation.Created(webhook, secret);
    }
}
