using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Backends;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Hosting;

/// <summary>Builds <see cref="VaultProxyOptions"/> for <c>sigil-vault start</c> without the CLI touching backend types.</summary>
internal static class VaultProxyOptionsFactory
{
    public static VaultProxyOptions Create(int port, X509Certificate2Collection upstreamRoots, TimeProvider time, Func<string, string?> getVariable,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve)
    {
        var options = new VaultProxyOptions
        {
            Port = port,
            UpstreamRoots = upstreamRoots,
            Time = time,
            BackendContext = new BackendContext { Time = time, GetEnvironmentVariable = getVariable },
        };
        return resolve is null ? options : options with { Resolve = resolve };
    }
}
