namespace Sigilum.Gateway.Operations;

/// <summary>The decision lines of one proxied request (spec §3.11), each with its fixed set and order of fields.</summary>
internal enum ProxyDecisionKind
{
    /// <summary><c>proxy_request_start</c>: request_id, connection_id, method, path, remote_ip.</summary>
    RequestStart,

    /// <summary><c>proxy_auth_denied</c>: request_id, stage, code, connection_id, remote_ip.</summary>
    AuthDenied,

    /// <summary><c>proxy_auth_denied</c> for an unapproved agent: request_id, stage, code, connection_id, namespace, subject, agent_key, claim_submit, claim_id, remote_ip.</summary>
    ClaimRequired,

    /// <summary><c>rotation_warning</c>: request_id, connection_id.</summary>
    RotationWarning,

    /// <summary><c>proxy_connection_refused</c>: request_id, connection_id, status, code, remote_ip.</summary>
    ConnectionRefused,

    /// <summary><c>proxy_request_end</c>: request_id, connection_id, did, status, outcome, duration, remote_ip.</summary>
    RequestEnd,

    /// <summary><c>mcp_request_start</c>: request_id, connection_id, method, path, action, remote_ip.</summary>
    McpRequestStart,

    /// <summary><c>mcp_discovery_stale_if_error</c>: request_id, connection_id, code, remote_ip (the stored tools were served).</summary>
    McpDiscoveryStaleIfError,

    /// <summary><c>mcp_tool_call_denied</c>: request_id, connection_id, tool, code (reason code or rate limit), status, remote_ip.</summary>
    McpToolCallDenied,

    /// <summary><c>mcp_request_end</c>: request_id, connection_id, did, action, status, outcome, duration, remote_ip.</summary>
    McpRequestEnd,
}
