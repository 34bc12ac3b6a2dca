using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sigilum.Vault.Release;

/// <summary>A TCP listener on a free loopback port that accepts and holds connections, so a test can count or close them.</summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;

    public LoopbackListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public ConcurrentQueue<Socket> Accepted { get; } = new();

    /// <summary>Waits until <paramref name="count"/> connections were accepted (the connect completes before the accept).</summary>
    public async Task WaitForAsync(int count)
    {
        while (Accepted.Count < count)
        {
            await Task.Yield();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Accepted.Enqueue(await _listener.AcceptSocketAsync());
            }
        }
        // Stop() between two accepts makes the next AcceptSocketAsync throw InvalidOperationException ("Not listening"):
        // that is the listener's end too, not a failure of the test.
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var socket in Accepted)
        {
            socket.Dispose();
        }
    }
}
