using System.Net;

namespace Sigilum.Vault.Proxy.Http2;

/// <summary>The in-process Kestrel's only "address": connections arrive from <see cref="TunnelHttp2Server.ServeAsync"/>, never from a socket.</summary>
internal sealed class TunnelEndPoint : EndPoint
{
    public override string ToString() => "sigil-vault-tunnels";
}
