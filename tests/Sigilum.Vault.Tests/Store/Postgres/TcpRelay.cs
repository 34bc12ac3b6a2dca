using System.Net;
using System.Net.Sockets;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL. <see cref="Cut"/> makes the server unreachable for everyone behind it
/// (open connections are closed, new ones are closed as soon as they arrive), <see cref="Restore"/> makes it reachable
/// again: an outage and a recovery without stopping the shared test server.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private volatile bool _cut;

    private TcpRelay(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpRelay Start(string host, int port)
    {
        var relay = new TcpRelay(host, port);
        relay._listener.Start();
        relay._accepting = relay.AcceptAsync();
        return relay;
    }

    /// <summary>PostgreSQL unreachable: every relayed connection is closed, and so is every new one.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }
            _open.Clear();
        }
    }

    /// <summary>PostgreSQL reachable again.</summary>
    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (_cut)
            {
                client.Dispose();
                continue;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_host, _port, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            lock (_gate)
            {
                _open.Add(client);
                _open.Add(server);
            }
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Cut or closed: the other side is closed below.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
