using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// One of the in-process Kestrel's two "addresses", one per protocol: connections arrive from
/// <see cref="TunnelServer.ServeAsync"/>, never from a socket. Two end points, not one with both protocols:
/// without TLS of its own Kestrel cannot read ALPN, so the vault (which did the handshake) picks the end point.
/// </summary>
internal sealed class TunnelEndPoint(HttpProtocols protocols) : EndPoint
{
    public HttpProtocols Protocols { get; } = protocols;

    public override string ToString() => Protocols == HttpProtocols.Http2 ? "sigil-vault-tunnels-h2" : "sigil-vault-tunnels-http1";
}
