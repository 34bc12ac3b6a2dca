using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>The custom Kestrel transport: binding a <see cref="TunnelEndPoint"/> yields that protocol's one <see cref="TunnelListener"/>.</summary>
internal sealed class TunnelListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private TunnelListener? _http1;
    private TunnelListener? _http2;

    /// <summary>The listener for <paramref name="http2"/> (ALPN h2) or HTTP/1.x; null until Kestrel bound it.</summary>
    public TunnelListener? Listener(bool http2) => http2 ? _http2 : _http1;

    public bool CanBind(EndPoint endpoint) => endpoint is TunnelEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not TunnelEndPoint tunnel || (tunnel.Protocols == HttpProtocols.Http2 ? _http2 : _http1) is not null)
        {
            throw new NotSupportedException("Only the vault's tunnel end points can be bound, once each.");
        }
        var listener = new TunnelListener(endpoint);
        if (tunnel.Protocols == HttpProtocols.Http2)
        {
            _http2 = listener;
        }
        else
        {
            _http1 = listener;
        }
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
