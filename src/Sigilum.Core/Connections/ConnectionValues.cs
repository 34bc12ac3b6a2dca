namespace Sigilum.Core.Connections;

/// <summary>The wire spellings of a connection's enumerated fields (spec §3.7), as stored and as sent.</summary>
public static class ConnectionValues
{
    public const string ProtocolHttp = "http";

    public const string ProtocolMcp = "mcp";

    /// <summary>MCP over streamable HTTP (the default transport).</summary>
    public const string McpTransportStreamableHttp = "streamable_http";

    /// <summary>MCP over the older HTTP+SSE transport.</summary>
    public const string McpTransportSse = "sse";

    public const string AuthBearer = "bearer";

    public const string AuthHeaderKey = "header_key";

    public const string AuthQueryParam = "query_param";

    public const string StatusActive = "active";

    public const string StatusDisabled = "disabled";

    public const string TestPass = "pass";

    public const string TestFail = "fail";
}
