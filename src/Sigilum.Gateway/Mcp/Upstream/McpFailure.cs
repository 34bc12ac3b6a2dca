namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// One failed attempt: its <see cref="Kind"/>, a <see cref="Reason"/> safe to show an agent (never the credential, a
/// URL or exception text), and whether the request certainly did not reach the tool (<see cref="NotDelivered"/>:
/// refused connection, 429/503, or a failure while the session was still being set up), which is what makes a
/// tool call safe to send again.
/// </summary>
internal sealed record McpFailure(McpFailureKind Kind, string Reason, bool NotDelivered = false)
{
    /// <summary>Counts toward opening the circuit: the server (or the way to it) is unwell.</summary>
    public bool CountsAgainstServer => Kind is not (McpFailureKind.CircuitOpen or McpFailureKind.Cancelled or McpFailureKind.RpcError or McpFailureKind.TooLarge);
}
