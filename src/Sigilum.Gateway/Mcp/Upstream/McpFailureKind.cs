namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>Why one attempt at an MCP call failed; decides retry, re-initialise and whether the breaker counts it.</summary>
internal enum McpFailureKind
{
    /// <summary>The circuit breaker refused the call before anything was sent (503 <c>MCP_CIRCUIT_OPEN</c>).</summary>
    CircuitOpen,

    /// <summary>The caller gave up: not a failure of the server, never counted.</summary>
    Cancelled,

    /// <summary>429/502/503/504, a connection that could not be made or broke, a connect timeout: worth one more attempt.</summary>
    Transient,

    /// <summary>The server no longer knows our session: re-initialise once and send the RPC again.</summary>
    SessionLost,

    /// <summary>The call's budget ran out.</summary>
    Timeout,

    /// <summary>Any other non-2xx answer (401, 403, other 4xx, 500): retrying would not change it.</summary>
    Rejected,

    /// <summary>The answer was larger than the limit. The server is healthy, so the breaker does not count it.</summary>
    TooLarge,

    /// <summary>The server answered with a JSON-RPC <c>error</c>. It is healthy, so the breaker does not count it.</summary>
    RpcError,

    /// <summary>An answer that is not valid MCP (no result, wrong shape, a protocol version we did not ask for).</summary>
    Protocol,
}
