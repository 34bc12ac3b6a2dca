using System.Net.Security;

namespace Sigilum.Gateway.Forwarding;

/// <summary>Limits and timeouts of the forwarding engine (defaults follow spec §3.14).</summary>
internal sealed record ForwardingOptions
{
    /// <summary><c>GATEWAY_MAX_REQUEST_BODY_BYTES</c>: 2 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>TCP (and TLS) connect to the upstream.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Everything up to the upstream's response headers. A streamed body (SSE, LLM tokens) is not
    /// under this cap, so long streams keep working (DESIGN §2).
    /// </summary>
    public TimeSpan ResponseHeadersTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// YARP's activity timeout: the exchange is cut when neither side moves a byte for this long, before or after the
    /// response headers (a stalled stream no longer hangs forever). Longer than <see cref="ResponseHeadersTimeout"/>, so
    /// the wait for headers is still governed by that one, and long enough for quiet SSE streams. It runs on the system
    /// clock (YARP's timer), not <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan ActivityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Replaces the system's upstream certificate check, for upstreams behind a private CA (and tests
    /// that pin a self-signed certificate). Null keeps the system's validation; never use it to skip checks.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
