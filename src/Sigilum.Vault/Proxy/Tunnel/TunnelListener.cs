using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>Kestrel's listener for one protocol: "accepts" the connections the proxy offers after ALPN (or a plain request) chose it.</summary>
internal sealed class TunnelListener(EndPoint endPoint) : IConnectionListener
{
    private readonly Channel<TunnelConnection> _pending = Channel.CreateUnbounded<TunnelConnection>();

    public EndPoint EndPoint { get; } = endPoint;

    /// <summary>False once Kestrel stopped listening: the caller closes the tunnel.</summary>
    public bool Offer(TunnelConnection connection) => _pending.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _pending.Writer.TryComplete();
        // Offered but never accepted: nobody else will end them.
        while (_pending.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
