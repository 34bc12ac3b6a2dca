using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.ControlPlane;

namespace Sigilum.Gateway.Relay;

/// <summary>Registers the relay: the sealing key, the dispatcher and the stream (ADR 0018).</summary>
internal static class RelayServices
{
    /// <summary>
    /// Adds <see cref="RelayKey"/> (loaded or created now, so a bad key file stops the start), <see cref="RelayDispatcher"/>
    /// and <see cref="RelayLink"/> (hosted). Needs <see cref="ControlPlaneClient"/> and <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddGatewayRelay(this IServiceCollection services, GatewayRelayOptions options, string dataDirectory, string? nodeId, string adminToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        // Loaded now so a bad key file stops the start; registered by factory so the container disposes it.
        var key = RelayKey.LoadOrCreate(options.KeyFile ?? Path.Combine(dataDirectory, "relay.key"));
        services.AddSingleton(_ => key);
        services.AddSingleton(sp =>
        {
            var server = sp.GetRequiredService<IServer>();
            return new RelayDispatcher(sp.GetRequiredService<RelayKey>(), options, adminToken, () => RelayDispatcher.LoopbackBase(server));
        });
        services.AddSingleton(sp => new RelayLink(sp.GetRequiredService<ControlPlaneClient>(), sp.GetRequiredService<RelayDispatcher>(), sp.GetRequiredService<RelayKey>(),
            options, nodeId, sp.GetRequiredService<Sigilum.Protocol.Signatures.SigningIdentity>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RelayLink>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RelayLink>());
        return services;
    }
}
