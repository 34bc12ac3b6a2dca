using System.Text.Json;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// One decision line of the proxy path as a typed record (issue #13): the request thread fills in plain fields and
/// queues it; <see cref="JsonDecisionLog"/>'s one background writer turns it into the same redacted JSON line the
/// dictionary form produces (same names, order and rules), so no dictionary, boxing or JSON writer runs per request.
/// </summary>
internal sealed class ProxyDecision
{
    public required ProxyDecisionKind Kind { get; init; }

    public string? RequestId { get; init; }

    public string? ConnectionId { get; init; }

    public string? Method { get; init; }

    public string? Path { get; init; }

    public string? RemoteIp { get; init; }

    public string? Stage { get; init; }

    public string? Code { get; init; }

    public string? Namespace { get; init; }

    public string? Subject { get; init; }

    public string? AgentKey { get; init; }

    public string? ClaimSubmit { get; init; }

    public string? ClaimId { get; init; }

    public int Status { get; init; }

    public string? Outcome { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>MCP lines: <c>mcp_list</c>, <c>mcp_explain</c> or <c>mcp_call:&lt;tool&gt;</c>.</summary>
    public string? Action { get; init; }

    /// <summary>MCP lines: the tool a decision is about (a name, never arguments).</summary>
    public string? Tool { get; init; }

    /// <summary>When the decision was taken (set by the log when it is queued, so a late write keeps the right time).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The line's <c>event</c> value.</summary>
    public string EventName => Kind switch
    {
        ProxyDecisionKind.RequestStart => "proxy_request_start",
        ProxyDecisionKind.AuthDenied or ProxyDecisionKind.ClaimRequired => "proxy_auth_denied",
        ProxyDecisionKind.RotationWarning => "rotation_warning",
        ProxyDecisionKind.ConnectionRefused => "proxy_connection_refused",
        ProxyDecisionKind.McpRequestStart => "mcp_request_start",
        ProxyDecisionKind.McpDiscoveryStaleIfError => "mcp_discovery_stale_if_error",
        ProxyDecisionKind.McpToolCallDenied => "mcp_tool_call_denied",
        ProxyDecisionKind.McpRequestEnd => "mcp_request_end",
        _ => "proxy_request_end",
    };

    /// <summary>Writes this kind's fields after the envelope, each through <see cref="DecisionLogRedaction"/> by its name.</summary>
    public void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        DecisionLogRedaction.WriteString(writer, "request_id", RequestId);
        switch (Kind)
        {
            case ProxyDecisionKind.RequestStart:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                DecisionLogRedaction.WriteString(writer, "method", Method);
                DecisionLogRedaction.WriteString(writer, "path", Path);
                break;
            case ProxyDecisionKind.AuthDenied:
                DecisionLogRedaction.WriteString(writer, "stage", Stage);
                DecisionLogRedaction.WriteString(writer, "code", Code);
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                break;
            case ProxyDecisionKind.ClaimRequired:
                DecisionLogRedaction.WriteString(writer, "stage", Stage);
                DecisionLogRedaction.WriteString(writer, "code", Code);
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                DecisionLogRedaction.WriteString(writer, "namespace", Namespace);
                DecisionLogRedaction.WriteString(writer, "subject", Subject);
                DecisionLogRedaction.WriteString(writer, "agent_key", AgentKey);
                DecisionLogRedaction.WriteString(writer, "claim_submit", ClaimSubmit);
                DecisionLogRedaction.WriteString(writer, "claim_id", ClaimId);
                break;
            case ProxyDecisionKind.RotationWarning:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                return;
            case ProxyDecisionKind.ConnectionRefused:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                writer.WriteNumber("status", Status);
                DecisionLogRedaction.WriteString(writer, "code", Code);
                break;
            case ProxyDecisionKind.McpRequestStart:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                DecisionLogRedaction.WriteString(writer, "method", Method);
                DecisionLogRedaction.WriteString(writer, "path", Path);
                DecisionLogRedaction.WriteString(writer, "action", Action);
                break;
            case ProxyDecisionKind.McpDiscoveryStaleIfError:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                DecisionLogRedaction.WriteString(writer, "code", Code);
                break;
            case ProxyDecisionKind.McpToolCallDenied:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                DecisionLogRedaction.WriteString(writer, "tool", Tool);
                DecisionLogRedaction.WriteString(writer, "code", Code);
                writer.WriteNumber("status", Status);
                break;
            default:
                DecisionLogRedaction.WriteString(writer, "connection_id", ConnectionId);
                // Built here, on the writer's thread, rather than on the request's.
                DecisionLogRedaction.WriteString(writer, "did", Namespace is null || ConnectionId is null || AgentKey is null
                    ? null
                    : LoggingDid.For(Namespace, ConnectionId, AgentKey, Subject));
                if (Kind == ProxyDecisionKind.McpRequestEnd)
                {
                    DecisionLogRedaction.WriteString(writer, "action", Action);
                }
                writer.WriteNumber("status", Status);
                DecisionLogRedaction.WriteString(writer, "outcome", Outcome);
                DecisionLogRedaction.WriteDuration(writer, "duration", Duration);
                break;
        }
        DecisionLogRedaction.WriteString(writer, "remote_ip", RemoteIp);
    }
}
