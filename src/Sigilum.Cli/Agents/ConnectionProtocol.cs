namespace Sigilum.Cli.Agents;

/// <summary>How a gateway connection is served: <c>/proxy/&lt;id&gt;/…</c> (HTTP) or <c>/mcp/&lt;id&gt;/…</c> (MCP).</summary>
internal enum ConnectionProtocol
{
    /// <summary>Not known: ask the gateway.</summary>
    Auto,

    /// <summary>A REST upstream behind <c>/proxy/&lt;id&gt;/</c>.</summary>
    Http,

    /// <summary>An MCP server behind <c>/mcp/&lt;id&gt;/tools</c>.</summary>
    Mcp,
}
