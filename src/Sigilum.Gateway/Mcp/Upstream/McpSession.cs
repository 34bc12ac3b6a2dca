using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// One initialised MCP session with one server: the SDK's <see cref="McpClient"/> over its own
/// <see cref="HttpClient"/>, whose <see cref="McpCredentialHandler"/> sits on the shared socket handler. Reused by
/// every call to the same upstream key until the server loses it.
/// </summary>
internal sealed class McpSession : IAsyncDisposable
{
    private readonly HttpClient _http;

    private McpSession(McpClient client, HttpClient http, McpSessionFlags flags, string transport, McpServerInfo server)
    {
        Client = client;
        _http = http;
        Flags = flags;
        Transport = transport;
        Server = server;
    }

    public McpClient Client { get; }

    public McpSessionFlags Flags { get; }

    /// <summary>The connection's transport when the session was made; a changed transport needs a new session.</summary>
    public string Transport { get; }

    public McpServerInfo Server { get; }

    /// <summary>The SDK closed the session (SSE stream gone, 404 on the session) or its stream overflowed: it cannot be used again.</summary>
    public bool IsClosed => Client.Completion.IsCompleted || Flags.ResponseTooLarge;

    /// <summary>
    /// Connects and runs <c>initialize</c> (and <c>notifications/initialized</c>) inside the caller's
    /// <see cref="McpCallContext"/>, so the handshake carries the current call's credential.
    /// </summary>
    public static async Task<McpSession> StartAsync(McpUpstreamTarget target, HttpMessageHandler sockets, McpUpstreamOptions options, CancellationToken cancellationToken)
    {
        var flags = new McpSessionFlags();
        // One small client per session over the shared socket handler: connections stay pooled; the client is not the
        // handler's owner (disposeHandler: false), so dropping a session never closes the pool.
        var http = new HttpClient(new McpCredentialHandler(flags, options.MaxResponseBytes) { InnerHandler = sockets }, disposeHandler: false)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = target.Endpoint,
                Name = "mcp:" + target.ConnectionId,
                TransportMode = target.Transport == ConnectionValues.McpTransportSse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                ConnectionTimeout = options.Timeout,
                // No server-initiated stream: the gateway only makes requests, and a background GET would outlive the
                // call whose credential opened it.
                EnableStandaloneGetStream = false,
                // No resumption GETs with Last-Event-ID: a broken answer is a failed attempt (retried by our rules), and
                // the SDK would wait on the real clock between them.
                MaxReconnectionAttempts = 0,
                // No DELETE on dispose: sessions are dropped when the server has already forgotten them, outside any call.
                OwnsSession = false,
            },
            http,
            NullLoggerFactory.Instance,
            ownsHttpClient: false);
        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "sigilum-gateway", Version = ClientVersion },
                    Capabilities = new ClientCapabilities(),
                    ProtocolVersion = options.ProtocolVersion,
                    InitializationTimeout = options.Timeout,
                },
                // The SDK logs whole messages at Trace (tool arguments, results): it gets no logger at all.
                NullLoggerFactory.Instance,
                cancellationToken);
        }
        catch
        {
            http.Dispose();
            throw;
        }
        var server = new McpServerInfo(
            client.ServerInfo?.Name ?? "",
            client.ServerInfo?.Version ?? "",
            client.NegotiatedProtocolVersion ?? options.ProtocolVersion);
        return new McpSession(client, http, flags, target.Transport, server);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync();
        }
        finally
        {
            _http.Dispose();
        }
    }

    private static string ClientVersion { get; } = typeof(McpSession).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
