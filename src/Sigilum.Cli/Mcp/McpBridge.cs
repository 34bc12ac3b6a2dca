using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sigilum.Cli.Agents;
using Sigilum.Cli.Diagnostics;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// The MCP server behind <c>sigilum mcp bridge</c> (ADR 0043): its tools are the gateway's answer to a signed
/// <c>GET /mcp/&lt;connection&gt;/tools</c> (so exactly what the policy lets this agent and subject see), and each
/// <c>tools/call</c> is a signed <c>POST /mcp/&lt;connection&gt;/tools/&lt;tool&gt;/call</c> with the agent's own key.
/// Nothing is cached here: the gateway keeps the discovery cache, and a policy edit or a revocation must show on the
/// next request, not after a bridge-side TTL. The provider's credential never reaches this process: the gateway
/// injects it upstream.
/// </summary>
internal sealed class McpBridge
{
    public const string ServerName = "sigilum-mcp-bridge";

    private readonly AgentGatewayClient _client;
    private readonly AgentSettings _settings;
    private readonly string _connection;
    private readonly Lock _gate = new();
    private HashSet<string> _listed = new(StringComparer.Ordinal);

    public McpBridge(AgentGatewayClient client, AgentSettings settings, string connection)
    {
        _client = client;
        _settings = settings;
        _connection = connection;
    }

    /// <summary>The server's options: only the two tool handlers, and <c>listChanged</c> (sent when a call shows the list is stale).</summary>
    public McpServerOptions CreateOptions() => new()
    {
        ServerInfo = new Implementation { Name = ServerName, Version = VersionsCommand.CliVersion },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
        ServerInstructions =
            $"Tools of the MCP server behind the Sigilum gateway connection '{_connection}', called as agent '{_settings.Agent.AgentId}' " +
            $"of namespace '{_settings.Namespace}'. A call that answers AUTH_CLAIM_REQUIRED needs the namespace owner's approval: " +
            "tell the user what the error says, then retry after they approved it.",
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = ListToolsAsync,
            CallToolHandler = CallToolAsync,
        },
    };

    public async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var (reply, failure) = await SendAsync(HttpMethod.Get, ToolsPath, null, cancellationToken);
        if (reply is null)
        {
            throw new McpProtocolException(failure!, McpErrorCode.InternalError);
        }
        if (reply.Status != 200)
        {
            // An MCP error rather than an empty list: an empty list would hide why (approval needed, policy, gateway down).
            throw new McpProtocolException(McpBridgeReplies.FailureText(reply, _settings, _client.PublicKey, _connection), McpErrorCode.InternalError);
        }
        var tools = McpBridgeReplies.Tools(reply)
            ?? throw new McpProtocolException(McpBridgeReplies.InvalidText(reply, "a tools list"), McpErrorCode.InternalError);
        lock (_gate)
        {
            _listed = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        }
        return new ListToolsResult { Tools = tools };
    }

    public async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string name;
        try
        {
            name = AgentInput.ToolName(request.Params?.Name ?? "");
        }
        catch (CliException ex)
        {
            return McpBridgeReplies.Error(ex.Message);
        }
        var body = McpBridgeReplies.CallBody(request.Params?.Arguments);
        var (reply, failure) = await SendAsync(HttpMethod.Post, ToolsPath + "/" + Uri.EscapeDataString(name) + "/call", body, cancellationToken);
        if (reply is null)
        {
            return McpBridgeReplies.Error(failure!);
        }
        if (reply.Status == 200)
        {
            return McpBridgeReplies.CallResult(reply) ?? McpBridgeReplies.Error(McpBridgeReplies.InvalidText(reply, "a tool call result"));
        }
        if (McpBridgeReplies.CodeOf(reply) == "MCP_TOOL_FORBIDDEN" && WasListed(name))
        {
            // The policy changed since the client listed: have it list again rather than offer a tool that is refused.
            await request.Server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, cancellationToken);
        }
        return McpBridgeReplies.Error(McpBridgeReplies.FailureText(reply, _settings, _client.PublicKey, _connection));
    }

    private string ToolsPath => "/mcp/" + Uri.EscapeDataString(_connection) + "/tools";

    private bool WasListed(string name)
    {
        lock (_gate)
        {
            return _listed.Contains(name);
        }
    }

    /// <summary>The gateway's answer, or the sentence (ending in its code) saying why none came: unreachable, timeout, too large.</summary>
    private async Task<(AgentReply? Reply, string? Failure)> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        try
        {
            return (await AgentExchange.WithinDeadlineAsync(_client, _settings, (client, token) => client.SendAsync(method, path, body, token), cancellationToken), null);
        }
        catch (CliException ex)
        {
            return (null, ex.Message);
        }
    }
}
