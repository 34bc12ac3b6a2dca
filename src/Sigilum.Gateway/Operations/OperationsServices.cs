using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Operations;

/// <summary>Registers metrics, the decision log, the admin gate, CORS and readiness.</summary>
internal static class OperationsServices
{
    /// <param name="services">The container.</param>
    /// <param name="options">Validated here (throws at start).</param>
    /// <param name="adminToken">The effective admin token (configured or generated, ADR 0020); <c>options.Admin.Token</c> when null.</param>
    public static IServiceCollection AddGatewayOperations(this IServiceCollection services, OperationsOptions options, string? adminToken = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Admin);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(new AdminCorsPolicy(options.AllowedOrigins));
        services.AddSingleton(provider => new AdminAccessPolicy(
            options.Admin, provider.GetRequiredService<AdminCorsPolicy>(), provider.GetRequiredService<TimeProvider>(), adminToken ?? options.Admin.Token));
        services.AddSingleton<AdminAccessFilter>();
        services.AddSingleton<IDecisionLog>(provider => new JsonDecisionLog(
            provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>(), options.LogDecisions));
        return services;
    }
}
