using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Sigilum.Load;

/// <summary>
/// MCP mode: one MCP session per worker (streamable HTTP, the protocol version the gateway pins), opened on the
/// worker's first call — inside the warm-up — and reused, so the measured calls are <c>tools/call</c> alone, as the
/// gateway's own sessions are. 200 for a result, 520 for a result with <c>isError</c>.
/// </summary>
internal sealed class McpToolSender(LoadOptions options, HttpClient http) : IAsyncDisposable
{
    private readonly Dictionary<string, object?> _arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(options.McpArguments)!
        .ToDictionary(p => p.Key, p => (object?)p.Value);

    private McpClient? _client;

    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        _client ??= await McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = options.Url, TransportMode = HttpTransportMode.StreamableHttp, EnableStandaloneGetStream = false },
                http,
                NullLoggerFactory.Instance),
            new McpClientOptions { ProtocolVersion = "2025-03-26", ClientInfo = new Implementation { Name = "sigilum-load", Version = "1" } },
            NullLoggerFactory.Instance,
            cancellationToken).ConfigureAwait(false);
        var result = await _client.CallToolAsync(options.McpTool!, _arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.IsError == true ? 520 : 200;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
