namespace Sigilum.Cli.Agents;

/// <summary>
/// Stable codes of the expected failures of <c>sigilum agent</c> (docs/errors.md, "CLI: the agent helper"). They end
/// the one-line error on stderr, so the skill text and scripts can match them; the exit code says the class.
/// </summary>
internal static class AgentErrorCodes
{
    /// <summary>No candidate agent has a key pair under the key root (exit 3).</summary>
    public const string KeyNotFound = "AGENT_KEY_NOT_FOUND";

    /// <summary>The chosen agent's key files are unreadable as a key pair (exit 4).</summary>
    public const string KeyInvalid = "AGENT_KEY_INVALID";

    /// <summary>Neither <c>--namespace</c> nor <c>SIGILUM_NAMESPACE</c> is set (exit 2).</summary>
    public const string NamespaceMissing = "AGENT_NAMESPACE_MISSING";

    /// <summary>The gateway URL is not an absolute http(s) URL without query or fragment (exit 2).</summary>
    public const string GatewayUrlInvalid = "AGENT_GATEWAY_URL_INVALID";

    /// <summary>The gateway could not be reached: refused, DNS, TLS, broken connection (exit 5).</summary>
    public const string GatewayUnreachable = "AGENT_GATEWAY_UNREACHABLE";

    /// <summary>No complete answer within the timeout (exit 5).</summary>
    public const string GatewayTimeout = "AGENT_GATEWAY_TIMEOUT";

    /// <summary>The gateway's answer is larger than the helper reads (exit 5).</summary>
    public const string ResponseTooLarge = "AGENT_RESPONSE_TOO_LARGE";

    /// <summary>
    /// A bad argument or setting: connection id, tool name, method, path, JSON, timeout, protocol (exit 2).
    /// </summary>
    public const string InputInvalid = "AGENT_INPUT_INVALID";

    /// <summary><c>call</c> on a connection the gateway reports as plain HTTP: use <c>proxy</c> (exit 2).</summary>
    public const string ConnectionIsHttp = "AGENT_CONNECTION_IS_HTTP";
}
