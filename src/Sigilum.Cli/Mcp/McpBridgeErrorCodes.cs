using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// Stable codes of the failures only <c>sigilum mcp bridge</c> has (docs/errors.md, "CLI: the MCP bridge"). Everything
/// the agent helper already names (key, namespace, gateway URL, unreachable, timeout, input) keeps its
/// <c>AGENT_*</c> code, and the gateway's own codes pass through unchanged.
/// </summary>
internal static class McpBridgeErrorCodes
{
    /// <summary>A 2xx answer of the gateway that is not the route's documented shape (tool error or MCP error).</summary>
    public const string ResponseInvalid = ErrorCatalogue.McpBridgeResponseInvalid;

    /// <summary><c>--http</c> outside 0-65535 (exit 2).</summary>
    public const string PortInvalid = ErrorCatalogue.McpBridgePortInvalid;

    /// <summary><c>--http</c> names a port something else listens on (exit 5).</summary>
    public const string PortInUse = ErrorCatalogue.McpBridgePortInUse;

    /// <summary>An HTTP request whose <c>Host</c> is not this loopback listener (DNS rebinding), answered 403.</summary>
    public const string HostRefused = ErrorCatalogue.McpBridgeHostRefused;

    /// <summary>An HTTP request from a browser page of a non-loopback origin, answered 403.</summary>
    public const string OriginRefused = ErrorCatalogue.McpBridgeOriginRefused;

    /// <summary>An HTTP request without <c>Authorization: Bearer</c>, answered 401.</summary>
    public const string TokenRequired = ErrorCatalogue.McpBridgeTokenRequired;

    /// <summary>An HTTP request with a bearer token that is not the bridge's, answered 401.</summary>
    public const string TokenInvalid = ErrorCatalogue.McpBridgeTokenInvalid;

    /// <summary>Too many wrong tokens within the window, answered 429 without comparing the token.</summary>
    public const string TokenRateLimited = ErrorCatalogue.McpBridgeTokenRateLimited;

    /// <summary><c>--token-file</c> is a link, not a regular file, owned by another user or open to group/other (exit 2).</summary>
    public const string TokenFileUnsafe = ErrorCatalogue.McpBridgeTokenFileUnsafe;

    /// <summary><c>--token-file</c> is missing or its content is not a usable token, or it is given without <c>--http</c> (exit 2).</summary>
    public const string TokenFileInvalid = ErrorCatalogue.McpBridgeTokenFileInvalid;
}
