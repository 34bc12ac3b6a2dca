using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// A plain-HTTP upstream that answers the first request on each connection (keep-alive, with a length)
/// and closes the connection on the second without a byte: what a server does when its keep-alive
/// timeout fires just as a pooled connection is reused.
/// </summary>
internal sealed class HalfKeepAliveUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private readonly List<Socket> _sockets = [];
    private int _accepted;
    private int _requests;

    public HalfKeepAliveUpstream()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Request heads received, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                Interlocked.Increment(ref _accepted);
                lock (_connections)
                {
                    _sockets.Add(socket);
                    _connections.Add(ServeAsync(socket));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket))
        {
            try
            {
                if (!await ReadHeadAsync(stream))
                {
                    return;
                }
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"u8.ToArray());
                await ReadHeadAsync(stream);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<bool> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return false;
            }
            head.Append((char)one[0]);
        }
        Interlocked.Increment(ref _requests);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
            // A connection still waiting for its second request (the vault pools it) ends now.
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
        await Task.WhenAll(running);
    }
}
