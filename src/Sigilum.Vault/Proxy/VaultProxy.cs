using System.Net;
using System.Net.Sockets;
using Sigilum.Vault.Proxy.Tunnel;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// The listener: accepts TCP connections on 127.0.0.1:10255 (by default) and serves each on its own
/// task, at most <see cref="VaultProxyOptions.MaxConnections"/> at once (PRX-10); more are closed.
/// </summary>
internal sealed class VaultProxy : IAsyncDisposable
{
    private readonly ProxyContext _context;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping;
    private readonly SemaphoreSlim _slots;
    private readonly Task _acceptLoop;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private readonly TunnelServer _server;

    private VaultProxy(ProxyContext context, Socket listener, TunnelServer server, CancellationTokenSource stopping)
    {
        _context = context;
        _listener = listener;
        _server = server;
        _stopping = stopping;
        _slots = new SemaphoreSlim(context.Options.MaxConnections, context.Options.MaxConnections);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static async Task<VaultProxy> StartAsync(ProxyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var listener = new Socket(context.Options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var stopping = new CancellationTokenSource();
        try
        {
            listener.Bind(new IPEndPoint(context.Options.ListenAddress, context.Options.Port));
            listener.Listen(512);
            var server = await TunnelServer.StartAsync(context.Options, new RequestPipeline(context), stopping.Token);
            return new VaultProxy(context, listener, server, stopping);
        }
        catch
        {
            listener.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            if (!_slots.Wait(0))
            {
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            var task = Task.Run(() => ServeAsync(socket));
            lock (_gate)
            {
                _connections.Add(task);
            }
            _ = task.ContinueWith(t =>
            {
                lock (_gate)
                {
                    _connections.Remove(t);
                }
            }, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await new ProxyConnection(_context, socket, _server).RunAsync(_stopping.Token);
        }
#pragma warning disable CA1031 // One connection's failure must never take the listener down.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            socket.Dispose();
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        // HTTP/2 tunnels end when their Kestrel connection does (GOAWAY, then abort after a grace period).
        await _server.DisposeAsync();
        Task[] running;
        lock (_gate)
        {
            running = [.. _connections];
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _slots.Dispose();
        _context.Echo.Dispose();
    }
}
