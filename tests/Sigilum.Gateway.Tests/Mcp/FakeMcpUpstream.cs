using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// A test double of <see cref="IMcpUpstream"/> for the gateway-side unit tests (the end-to-end tests use the real server):
/// answers what the test sets and records what it was asked, including the credential it was handed (copied, since the
/// gateway zeroes its buffers when the request ends).
/// </summary>
internal sealed class FakeMcpUpstream : IMcpUpstream
{
    public static readonly McpServerInfo Server = new("fake-everything", "1.2.3", "2025-06-18");

    public ConcurrentQueue<(string ConnectionId, Uri Endpoint, string Transport, string? Header, string? QueryParameter)> Discoveries { get; } = new();

    public ConcurrentQueue<(string Tool, string Arguments, string? Header)> Calls { get; } = new();

    /// <summary>The tools the next discoveries list (null: fail with <see cref="DiscoveryError"/>).</summary>
    public IReadOnlyList<McpTool>? Tools { get; set; } = Named("echo", "get-env", "sum");

    public GatewayError DiscoveryError { get; set; } = new(502, ErrorCatalogue.McpDiscoveryFailed, "MCP discovery failed: HTTP 503 from the server");

    /// <summary>The result of the next calls; null: fail with <see cref="CallError"/>.</summary>
    public Func<string, JsonElement, JsonElement?> CallResult { get; set; } = (tool, arguments) =>
        JsonDocument.Parse($$"""{"content":[{"type":"text","text":"called {{tool}} with {{arguments.GetRawText().Replace("\"", "'", StringComparison.Ordinal)}}"}]}""").RootElement.Clone();

    public GatewayError CallError { get; set; } = new(502, ErrorCatalogue.McpToolCallFailed, "MCP tool call failed: HTTP 500");

    public static IReadOnlyList<McpTool> Named(params string[] names) =>
        [.. names.Order(StringComparer.Ordinal).Select(n => new McpTool(n, "The " + n + " tool", """{"type":"object"}"""))];

    public Task<McpOutcome<McpDiscovery>> DiscoverAsync(McpUpstreamTarget target, CancellationToken cancellationToken)
    {
        Discoveries.Enqueue((target.ConnectionId, target.Endpoint, target.Transport, HeaderOf(target), QueryOf(target)));
        return Task.FromResult(Tools is { } tools
            ? McpOutcome<McpDiscovery>.Ok(new McpDiscovery { Server = Server, Tools = tools, LastDiscoveredAt = DateTimeOffset.UnixEpoch })
            : McpOutcome<McpDiscovery>.Fail(DiscoveryError));
    }

    public Task<McpOutcome<JsonElement>> CallToolAsync(McpUpstreamTarget target, string tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        Calls.Enqueue((tool, arguments.GetRawText(), HeaderOf(target)));
        return Task.FromResult(CallResult(tool, arguments) is { } result ? McpOutcome<JsonElement>.Ok(result) : McpOutcome<JsonElement>.Fail(CallError));
    }

    private static string? HeaderOf(McpUpstreamTarget target) =>
        target.Header is { } header ? header.Name + ": " + Encoding.ASCII.GetString(header.Value) : null;

    private static string? QueryOf(McpUpstreamTarget target) => target.QueryParameter?.ToQueryPair();
}
