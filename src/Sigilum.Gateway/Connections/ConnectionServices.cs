using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Backends;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Registers the connections feature. The host must already register <see cref="Core.Storage.ISigilumStore"/>
/// (migrated) and <see cref="TimeProvider"/>, and map <see cref="ConnectionAdminEndpoints.Map"/> on its admin group.
/// The master key is loaded here with <see cref="MasterKey.LoadOrCreate"/> (<c>SIGILUM_MASTER_KEY</c> through
/// <see cref="ConnectionOptions.GetEnvironment"/>, else <see cref="ConnectionOptions.ResolvedMasterKeyFile"/>),
/// used once to derive the <c>gateway-connections</c> key, and zeroed.
/// </summary>
internal static class ConnectionServices
{
    public static IServiceCollection AddGatewayConnections(this IServiceCollection services, ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        // Built (and so validated) now: a wrong Gateway:Backends entry stops the start, not the first request.
        var backends = ConnectionBackends.Create(options.Backends, new BackendContext { Time = options.Time, GetEnvironmentVariable = options.GetEnvironment });
        services.AddSingleton(_ => backends);
        services.AddSingleton(_ =>
        {
            var key = MasterKey.LoadOrCreate(options.ResolvedMasterKeyFile, options.GetEnvironment);
            try
            {
                return new ConnectionSealer(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        });
        services.AddSingleton<ServiceKeyProvider>();
        services.AddSingleton<IServiceKeyProvider>(sp => sp.GetRequiredService<ServiceKeyProvider>());
        services.AddSingleton(_ => new ConnectionSecretCache(options.SecretCacheCapacity));
        services.AddSingleton(_ => new ConnectionRowCache(options.SecretCacheCapacity));
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionResolver>();
        services.AddSingleton<ConnectionTester>();
        services.AddSingleton<ServiceCatalog>();
        services.AddHostedService<ServiceKeyRefresher>();
        return services;
    }
}
