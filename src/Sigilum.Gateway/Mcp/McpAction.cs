namespace Sigilum.Gateway.Mcp;

/// <summary>The three agent routes of spec §3.10.</summary>
internal enum McpAction
{
    /// <summary><c>GET /mcp/{id}/tools</c>.</summary>
    List,

    /// <summary><c>GET /mcp/{id}/tools/{tool}/explain</c>.</summary>
    Explain,

    /// <summary><c>POST /mcp/{id}/tools/{tool}/call</c>.</summary>
    Call,
}
