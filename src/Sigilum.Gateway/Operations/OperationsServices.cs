using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Operations;

/// <summary>Registers metrics, the decision log, the admin gate, CORS and readiness.</summary>
internal static class OperationsServices
{
    public static IServiceCollection AddGatewayOperations(this IServiceCollection services, OperationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Admin);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(new AdminCorsPolicy(options.AllowedOrigins));
        services.AddSingleton<AdminAccessPolicy>();
        services.AddSingleton<AdminAccessFilter>();
        services.AddSingleton<IDecisionLog>(provider => new JsonDecisionLog(
            provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>(), options.LogDecisions));
        return services;
    }
}
