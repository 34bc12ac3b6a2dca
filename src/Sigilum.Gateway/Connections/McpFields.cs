using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Gateway.Connections;

/// <summary>The validated MCP fields of a connection (spec §3.7), from a create body or applied from a PATCH body.</summary>
internal sealed record McpFields(string? Transport, string? Endpoint, McpToolPolicy? Policy, IReadOnlyDictionary<string, McpToolPolicy>? SubjectPolicies)
{
    public static readonly McpFields Empty = new(null, null, null, null);

    public static GatewayError? FromCreate(CreateConnectionRequest request, out McpFields fields)
    {
        ArgumentNullException.ThrowIfNull(request);
        fields = Empty;
        var transportError = ConnectionValidation.McpTransport(request.McpTransport, out var transport);
        var endpointError = ConnectionValidation.McpEndpoint(request.McpEndpoint, out var endpoint);
        var allowError = ConnectionValidation.ToolList(request.McpToolAllowlist, "mcp_tool_allowlist", out var allow);
        var denyError = ConnectionValidation.ToolList(request.McpToolDenylist, "mcp_tool_denylist", out var deny);
        var maxError = ConnectionValidation.MaxToolsExposed(request.McpMaxToolsExposed, "mcp_max_tools_exposed", out var max);
        var subjectsError = ConnectionValidation.SubjectToolPolicies(request.McpSubjectToolPolicies, out var subjects);
        if ((transportError ?? endpointError ?? allowError ?? denyError ?? maxError ?? subjectsError) is { } error)
        {
            return error;
        }
        fields = new McpFields(transport, endpoint, new McpToolPolicy { Allowlist = allow, Denylist = deny, MaxToolsExposed = max }, subjects);
        return null;
    }

    /// <summary>The current fields with each provided one replaced; a <c>null</c> list, max or subject map clears it.</summary>
    public static GatewayError? ApplyPatch(ConnectionRecord current, UpdateConnectionRequest request, out McpFields fields)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        var policy = current.McpToolPolicy ?? McpToolPolicy.None;
        fields = new McpFields(current.McpTransport ?? ConnectionValues.McpTransportStreamableHttp, current.McpEndpoint ?? "/", policy, current.McpSubjectToolPolicies);
        if (request.McpTransport is not null)
        {
            if (ConnectionValidation.McpTransport(request.McpTransport, out var transport) is { } error)
            {
                return error;
            }
            fields = fields with { Transport = transport };
        }
        if (request.McpEndpoint is not null)
        {
            if (ConnectionValidation.McpEndpoint(request.McpEndpoint, out var endpoint) is { } error)
            {
                return error;
            }
            fields = fields with { Endpoint = endpoint };
        }
        if (request.McpToolAllowlist.ValueKind != System.Text.Json.JsonValueKind.Undefined)
        {
            if (ConnectionValidation.ToolList(request.McpToolAllowlist, "mcp_tool_allowlist", out var allow) is { } error)
            {
                return error;
            }
            policy = policy with { Allowlist = allow };
        }
        if (request.McpToolDenylist.ValueKind != System.Text.Json.JsonValueKind.Undefined)
        {
            if (ConnectionValidation.ToolList(request.McpToolDenylist, "mcp_tool_denylist", out var deny) is { } error)
            {
                return error;
            }
            policy = policy with { Denylist = deny };
        }
        if (request.McpMaxToolsExposed.ValueKind != System.Text.Json.JsonValueKind.Undefined)
        {
            if (ConnectionValidation.MaxToolsExposed(request.McpMaxToolsExposed, "mcp_max_tools_exposed", out var max) is { } error)
            {
                return error;
            }
            policy = policy with { MaxToolsExposed = max };
        }
        if (request.McpSubjectToolPolicies.ValueKind != System.Text.Json.JsonValueKind.Undefined)
        {
            if (ConnectionValidation.SubjectToolPolicies(request.McpSubjectToolPolicies, out var subjects) is { } error)
            {
                return error;
            }
            fields = fields with { SubjectPolicies = subjects };
        }
        fields = fields with { Policy = policy };
        return null;
    }

    /// <summary>Whether an edit points the connection at another server (or reaches it another way), so the last discovery no longer applies.</summary>
    public static bool ServerChanged(ConnectionRecord before, ConnectionRecord after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.BaseUrl != after.BaseUrl || before.PathPrefix != after.PathPrefix || before.McpEndpoint != after.McpEndpoint || before.McpTransport != after.McpTransport;
    }
}
