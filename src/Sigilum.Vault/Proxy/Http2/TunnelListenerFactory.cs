using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Sigilum.Vault.Proxy.Http2;

/// <summary>The custom Kestrel transport: binding <see cref="TunnelEndPoint"/> yields the one <see cref="TunnelListener"/>.</summary>
internal sealed class TunnelListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public TunnelListener? Listener { get; private set; }

    public bool CanBind(EndPoint endpoint) => endpoint is TunnelEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not TunnelEndPoint || Listener is not null)
        {
            throw new NotSupportedException("Only the vault's tunnel end point can be bound, once.");
        }
        Listener = new TunnelListener(endpoint);
        return ValueTask.FromResult<IConnectionListener>(Listener);
    }
}
