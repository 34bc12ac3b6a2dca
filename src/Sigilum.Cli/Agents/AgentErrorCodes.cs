using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Stable codes of the expected failures of <c>sigilum agent</c> (docs/errors.md, "CLI: the agent helper"). They end
/// the one-line error on stderr, so the skill text and scripts can match them; the exit code says the class.
/// </summary>
internal static class AgentErrorCodes
{
    /// <summary>No candidate agent has a key pair under the key root (exit 3).</summary>
    public const string KeyNotFound = ErrorCatalogue.AgentKeyNotFound;

    /// <summary>The chosen agent's key files are unreadable as a key pair (exit 4).</summary>
    public const string KeyInvalid = ErrorCatalogue.AgentKeyInvalid;

    /// <summary>Neither <c>--namespace</c> nor <c>SIGILUM_NAMESPACE</c> is set (exit 2).</summary>
    public const string NamespaceMissing = ErrorCatalogue.AgentNamespaceMissing;

    /// <summary>The gateway URL is not an absolute http(s) URL without query or fragment (exit 2).</summary>
    public const string GatewayUrlInvalid = ErrorCatalogue.AgentGatewayUrlInvalid;

    /// <summary>The gateway could not be reached: refused, DNS, TLS, broken connection (exit 5).</summary>
    public const string GatewayUnreachable = ErrorCatalogue.AgentGatewayUnreachable;

    /// <summary>No complete answer within the timeout (exit 5).</summary>
    public const string GatewayTimeout = ErrorCatalogue.AgentGatewayTimeout;

    /// <summary>The gateway's answer is larger than the helper reads (exit 5).</summary>
    public const string ResponseTooLarge = ErrorCatalogue.AgentResponseTooLarge;

    /// <summary>
    /// A bad argument or setting: connection id, tool name, method, path, JSON, timeout, protocol (exit 2).
    /// </summary>
    public const string InputInvalid = ErrorCatalogue.AgentInputInvalid;

    /// <summary><c>call</c> on a connection the gateway reports as plain HTTP: use <c>proxy</c> (exit 2).</summary>
    public const string ConnectionIsHttp = ErrorCatalogue.AgentConnectionIsHttp;
}
