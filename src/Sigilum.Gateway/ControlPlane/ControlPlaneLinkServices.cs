using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Storage;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Claims;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Registers the gateway's link to its control plane: claim filing, usage, audit and witness.</summary>
internal static class ControlPlaneLinkServices
{
    /// <summary>
    /// Adds <see cref="ControlPlaneClient"/>, <see cref="ClaimSubmitLimiter"/>, <see cref="ClaimFiler"/>,
    /// <see cref="UnapprovedAgentResponder"/>,
    /// <see cref="UsageReporter"/> (hosted), <see cref="CheckpointReporter"/> (hosted) and
    /// <see cref="GatewayAuditTrail"/> (hosted: opens the log at start, closes it with a final checkpoint).
    /// </summary>
    /// <remarks>
    /// The host registers, as singletons: <see cref="SigningIdentity"/> (the gateway's identity, a node
    /// registered to its namespace), the <see cref="IdentityRecord"/> it was opened from (the audit log
    /// signs checkpoints with that key; it must be the same key), <see cref="TimeProvider"/>,
    /// <see cref="IServiceKeyProvider"/>, and logging.
    /// </remarks>
    public static IServiceCollection AddGatewayControlPlaneLink(this IServiceCollection services, ControlPlaneLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new ControlPlaneClient(sp.GetRequiredService<SigningIdentity>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ClaimSubmitLimiter(options.ClaimRateLimitPerMinute, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClaimFiler>();
        services.AddSingleton<UnapprovedAgentResponder>();
        services.AddSingleton<UsageReporter>();
        services.AddSingleton<CheckpointReporter>();
        services.AddSingleton(sp =>
        {
            var record = sp.GetRequiredService<IdentityRecord>();
            var identity = sp.GetRequiredService<SigningIdentity>();
            if (record.PublicKey != identity.AgentKeyHeader)
            {
                throw new InvalidOperationException("The gateway's IdentityRecord and SigningIdentity must hold the same key.");
            }
            return new GatewayAuditTrail(options, record.OpenKeyPair(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<GatewayAuditTrail>>(), sp.GetRequiredService<CheckpointReporter>(), sp.GetService<ISigilumStore>()?.Generation);
        });
        // The reporter starts first so the checkpoint offered when the log opens is sent at once.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CheckpointReporter>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GatewayAuditTrail>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<UsageReporter>());
        return services;
    }
}
