using Sigilum.ControlPlane.Claims;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>Registers the webhook feature: guard, sender, sealed secrets, the dispatcher and the claim listener.</summary>
internal static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookTargetGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookRegistrar>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<IClaimChangeListener, WebhookEnqueuer>();
        return services;
    }
}
