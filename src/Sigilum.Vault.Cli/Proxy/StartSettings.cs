using System.Security.Cryptography.X509Certificates;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Proxy;

/// <summary>What <c>sigil-vault start</c> was asked for on its command line.</summary>
/// <param name="Port">The loopback port to listen on.</param>
/// <param name="UpstreamRoots">Extra CAs trusted for upstreams (<c>--upstream-ca</c>), besides the system store.</param>
/// <param name="AllowPlainHttp">InsecureAllowPlainHttpUpstreams: release credentials to <c>--scheme http</c> routes.</param>
/// <param name="AcceptStoreRollback">The replay database was restored from a backup on purpose.</param>
internal sealed record StartSettings(int Port, X509Certificate2Collection UpstreamRoots, bool AllowPlainHttp, bool AcceptStoreRollback)
{
    /// <summary>The loopback admin port for <c>/health</c> and <c>/metrics</c> (<c>--admin-port</c>); null serves none.</summary>
    public int? AdminPort { get; init; }

    /// <summary>Where the configuration and jti replay live (<c>--store</c>; ADR 0068).</summary>
    public VaultStoreLocation Store { get; init; } = VaultStoreLocation.Default;
}
