using System.Net;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;
using Sigilum.Sdk.Signing;

namespace Sigilum.Load;

/// <summary>
/// The HttpClient every worker shares: one SocketsHttpHandler with a connection per worker (kept alive
/// for the whole run), optionally wrapped in the SDK's signing handler exactly as an agent uses it.
/// </summary>
internal static class ClientFactory
{
    public static HttpClient Create(LoadOptions options, out SigningIdentity? identity)
    {
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        identity = null;
        HttpMessageHandler handler = sockets;
        if (options.Sign)
        {
            var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = options.Home });
            var record = store.LoadIdentity(options.Namespace);
            if (!record.IsSuccess)
            {
                sockets.Dispose();
                throw new InvalidOperationException($"cannot load the signing identity: {record.Error}");
            }
            identity = SigningIdentity.FromRecord(record.Value);
            handler = new SigilumSigningHandler(identity, new SigilumSigningOptions { Namespace = options.Namespace }, sockets);
        }
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
