using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Forwarding;
using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>Targets, clients and assertions shared by the MCP client tests.</summary>
internal static class McpUpstreamKit
{
    /// <summary>The connection's secret: long and unusual, so finding it anywhere means it leaked.</summary>
    public const string Secret = "mcp-Secret-7f3a9c21e4b8";

    /// <summary>Options for tests: no real waiting between retries (the jitter itself has its own test).</summary>
    public static McpUpstreamOptions Options => new() { RetryBackoff = TimeSpan.Zero };

    public static McpUpstreamTarget HeaderTarget(Uri endpoint, string name = "X-Api-Key", string value = Secret, string authMode = ConnectionValues.AuthHeaderKey, string transport = ConnectionValues.McpTransportStreamableHttp) =>
        new("mcp-ref", endpoint, transport, authMode, new InjectedHeader(name, Encoding.ASCII.GetBytes(value)), null);

    public static McpUpstreamTarget QueryTarget(Uri endpoint, string name = "api_key", string value = Secret) =>
        new("mcp-ref", endpoint, ConnectionValues.McpTransportStreamableHttp, ConnectionValues.AuthQueryParam, null, new InjectedQueryParameter(name, Encoding.ASCII.GetBytes(value)));

    public static Task<AuthenticatingMcpFront> HeaderFrontAsync(McpReferenceServer server, string name = "X-Api-Key", string value = Secret) =>
        AuthenticatingMcpFront.StartWithHeaderAsync(server.BaseUrl, name, value);

    public static McpUpstreamClient Client(TimeProvider time, CapturedLogs logs, McpUpstreamOptions? options = null)
    {
        var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        return new McpUpstreamClient(options ?? Options, HttpForwarder.CreateHandler(new ForwardingOptions()), ownsSockets: true, time, factory.CreateLogger<McpUpstreamClient>());
    }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static int Count(this AuthenticatingMcpFront front, string rpcMethod) => front.Requests.Count(r => r.RpcMethod == rpcMethod);

    /// <summary>The text of the first content item of a tools/call result.</summary>
    public static string? FirstText(JsonElement result) =>
        result.TryGetProperty("content", out var content) && content.GetArrayLength() > 0 && content[0].TryGetProperty("text", out var text) ? text.GetString() : null;
}
