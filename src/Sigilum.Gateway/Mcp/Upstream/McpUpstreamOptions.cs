namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Limits of the gateway's MCP client (spec §3.10, defaults from §3.14). The host maps
/// <c>GATEWAY_MCP_TIMEOUT_SECONDS</c> and <c>GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES|_COOLDOWN_SECONDS</c> onto it.
/// </summary>
internal sealed record McpUpstreamOptions
{
    /// <summary>
    /// <c>GATEWAY_MCP_TIMEOUT_SECONDS</c> (90): the whole budget of one discovery or tool call, session
    /// (re-)initialisation, retries and backoff included.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Largest response body (JSON) or SSE response the client reads: 2 MiB (spec §3.10). Larger answers fail.</summary>
    public long MaxResponseBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary><c>GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES</c> (3): consecutive failed calls that open the circuit; 0 disables it.</summary>
    public int CircuitBreakerFailures { get; init; } = 3;

    /// <summary><c>GATEWAY_MCP_CIRCUIT_BREAKER_COOLDOWN_SECONDS</c> (10): how long an open circuit fails fast before one probe; 0 disables the breaker.</summary>
    public TimeSpan CircuitBreakerCooldown { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per RPC for transient failures (spec: 2). 1 turns retries off.</summary>
    public int MaxAttempts { get; init; } = 2;

    /// <summary>Wait before a retry, ±20 % jitter (spec: 100 ms).</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The <c>protocolVersion</c> sent in <c>initialize</c>. Sigilum sends 2024-11-05; we send 2025-03-26, the
    /// revision that defined streamable HTTP, which every streamable-HTTP server knows (ADR 0039).
    /// </summary>
    public string ProtocolVersion { get; init; } = "2025-03-26";

    /// <summary>Spec §3.14: either value at 0 turns the breaker off.</summary>
    public bool CircuitBreakerEnabled => CircuitBreakerFailures > 0 && CircuitBreakerCooldown > TimeSpan.Zero;

    /// <summary>Fails at startup on values that would disable a safeguard by accident.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("The MCP timeout (GATEWAY_MCP_TIMEOUT_SECONDS) must be positive.");
        }
        if (MaxResponseBytes < 1024)
        {
            throw new InvalidOperationException("The MCP response limit must be at least 1 KiB.");
        }
        if (CircuitBreakerFailures < 0)
        {
            throw new InvalidOperationException("GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES must be 0 (off) or more.");
        }
        if (CircuitBreakerCooldown < TimeSpan.Zero)
        {
            throw new InvalidOperationException("GATEWAY_MCP_CIRCUIT_BREAKER_COOLDOWN_SECONDS must be 0 (off) or more.");
        }
        if (MaxAttempts is < 1 or > 5)
        {
            throw new InvalidOperationException("MCP attempts per call must be between 1 and 5.");
        }
        if (RetryBackoff < TimeSpan.Zero)
        {
            throw new InvalidOperationException("The MCP retry backoff must not be negative.");
        }
        if (string.IsNullOrWhiteSpace(ProtocolVersion))
        {
            throw new InvalidOperationException("The MCP protocol version must be set.");
        }
    }
}
