using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sigilum.Vault.Proxy.Http2;

/// <summary>
/// HTTP/2 inside intercepted tunnels (ALPN <c>h2</c>, issue 6): an in-process Kestrel, HTTP/2 only
/// (prior knowledge: TLS is already terminated), fed the decrypted streams through a custom
/// transport. Framing, HPACK, flow control and stream limits are Kestrel's; every request goes
/// through the same <see cref="RequestPipeline"/> as HTTP/1.1 (docs/decisions/0017).
/// </summary>
internal sealed class TunnelHttp2Server : IAsyncDisposable
{
    private readonly TunnelListenerFactory _transport;
    private readonly KestrelServer _server;
    private readonly ServiceProvider _services;
    private readonly RequestPipeline _pipeline;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TunnelTarget> _tunnels = new(StringComparer.Ordinal);
    private long _nextId;

    private TunnelHttp2Server(VaultProxyOptions options, RequestPipeline pipeline, CancellationToken stopping)
    {
        _pipeline = pipeline;
        _stopping = stopping;
        _time = options.Time;
        _transport = new TunnelListenerFactory();
        _services = new ServiceCollection().BuildServiceProvider();
        var kestrel = new KestrelServerOptions
        {
            AddServerHeader = false,
            // The agent's :scheme is https (TLS ended in the vault) while this end point has no TLS of its own.
            AllowAlternateSchemes = true,
            ApplicationServices = _services,
            // Upstream values are relayed as received (Latin-1), like the HTTP/1.1 path does.
            ResponseHeaderEncodingSelector = _ => Encoding.Latin1,
            // And the agent's values are read as the HTTP/1.1 parser reads them (Latin-1), then forwarded the same way.
            RequestHeaderEncodingSelector = _ => Encoding.Latin1,
        };
        kestrel.Limits.MaxRequestBodySize = null; // The pipeline counts against MaxRequestBodyBytes (PRX-11).
        kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxHeadBytes;
        kestrel.Limits.MaxRequestHeaderCount = 100;
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = options.MaxHeadBytes;
        // Beyond this many open streams the client gets REFUSED_STREAM for the new one; the others go on.
        kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerTunnel;
        kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
        kestrel.Limits.RequestHeadersTimeout = options.HeadersTimeout;
        kestrel.Listen(new TunnelEndPoint(), listen => listen.Protocols = HttpProtocols.Http2);
        _server = new KestrelServer(Options.Create(kestrel), _transport, NullLoggerFactory.Instance);
    }

    public static async Task<TunnelHttp2Server> StartAsync(VaultProxyOptions options, RequestPipeline pipeline, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new TunnelHttp2Server(options, pipeline, stopping);
        try
        {
            await server._server.StartAsync(new TunnelApplication(server.HandleAsync), stopping);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Serves one decrypted tunnel as HTTP/2 until the client (or Kestrel: idle, shutdown) ends it.
    /// <paramref name="abort"/> closes the tunnel's socket when Kestrel aborts the connection.
    /// </summary>
    public async Task ServeAsync(Stream tls, TunnelTarget target, Action abort)
    {
        var id = "tunnel-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var connection = new TunnelConnection(id, tls, abort);
        _tunnels[id] = target;
        try
        {
            if (_transport.Listener?.Offer(connection) != true)
            {
                await connection.DisposeAsync();
                return;
            }
            await connection.Closed;
        }
        finally
        {
            _tunnels.TryRemove(id, out _);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (!_tunnels.TryGetValue(http.Connection.Id, out var target))
        {
            http.Abort();
            return;
        }
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(_stopping, http.RequestAborted);
        await _pipeline.HandleAsync(new Http2Exchange(http), target, aborted.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // Graceful first (GOAWAY, streams finish), then Kestrel aborts what is left.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        try
        {
            await _server.StopAsync(grace.Token);
        }
        finally
        {
            _server.Dispose();
            await _services.DisposeAsync();
        }
    }
}
