using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// Every agent request the vault serves, HTTP/1.1 and HTTP/2 alike: an in-process Kestrel fed the decrypted
/// tunnels (and plain-HTTP connections) through a custom transport, with one end point per protocol (the vault did
/// the TLS handshake, so it knows what ALPN chose). Framing, chunking, HPACK, flow control, header and stream limits
/// are Kestrel's; every request goes through the one <see cref="RequestPipeline"/> (docs/decisions/0017, 0052).
/// </summary>
internal sealed class TunnelServer : IAsyncDisposable
{
    private readonly TunnelListenerFactory _transport;
    private readonly KestrelServer _server;
    private readonly ServiceProvider _services;
    private readonly RequestPipeline _pipeline;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TunnelTarget> _tunnels = new(StringComparer.Ordinal);
    private long _nextId;

    private TunnelServer(VaultProxyOptions options, RequestPipeline pipeline, CancellationToken stopping)
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
        // PRX-08/10: the head (request line and fields) is bounded as the hand-written parser bounded it.
        kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxHeadBytes;
        kestrel.Limits.MaxRequestLineSize = options.MaxHeadBytes;
        kestrel.Limits.MaxRequestHeaderCount = 100;
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = options.MaxHeadBytes;
        // Beyond this many open streams the client gets REFUSED_STREAM for the new one; the others go on.
        kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerTunnel;
        kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
        kestrel.Limits.RequestHeadersTimeout = options.HeadersTimeout;
        kestrel.Listen(new TunnelEndPoint(HttpProtocols.Http2), listen => listen.Protocols = HttpProtocols.Http2);
        kestrel.Listen(new TunnelEndPoint(HttpProtocols.Http1), listen => listen.Protocols = HttpProtocols.Http1);
        _server = new KestrelServer(Options.Create(kestrel), _transport, NullLoggerFactory.Instance);
    }

    public static async Task<TunnelServer> StartAsync(VaultProxyOptions options, RequestPipeline pipeline, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(options);
        // PRX-08: a head line must end in CRLF, as the hand-written parser required; Kestrel otherwise also takes a lone
        // LF. Process-wide, and read when the server is built: set first. Stricter for every Kestrel in the process.
        AppContext.SetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", true);
        var server = new TunnelServer(options, pipeline, stopping);
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
    /// Serves one decrypted tunnel (HTTP/2 when ALPN chose h2, else HTTP/1.x), or one plain-HTTP connection whose
    /// head is still unread on <paramref name="stream"/>, until the client (or Kestrel: idle, shutdown, a refusal
    /// that closes) ends it. <paramref name="abort"/> closes the socket when Kestrel aborts the connection.
    /// </summary>
    public async Task ServeAsync(Stream stream, TunnelTarget target, bool http2, Action abort)
    {
        var id = "tunnel-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var connection = new TunnelConnection(id, stream, abort);
        _tunnels[id] = target;
        try
        {
            if (_transport.Listener(http2)?.Offer(connection) != true)
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
        // Whether the connection may go on is Kestrel's to act on: a refusal says "Connection: close" (HTTP/1.1) or
        // ends its stream (HTTP/2), a cut response aborts.
        await _pipeline.HandleAsync(new KestrelExchange(http, target), target, aborted.Token);
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
