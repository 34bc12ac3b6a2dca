using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// One agent request and the way back to the agent, whatever carries it: HTTP/1.1 on the tunnel's
/// connection or one HTTP/2 stream, both as Kestrel hands them over (<see cref="Tunnel.KestrelExchange"/>).
/// <see cref="RequestPipeline"/> runs the same checks and release on both (docs/decisions/0017).
/// </summary>
internal interface IAgentExchange
{
    /// <summary>Method, origin-form target, version and the fields; HTTP/2's <c>:authority</c> appears as <c>Host</c>.</summary>
    HttpHead Head { get; }

    /// <summary>The request target in origin form (path and query) as the agent sent it.</summary>
    string Target { get; }

    /// <summary>True when a response was answered completely and the connection may carry another request.</summary>
    bool KeepAlive { get; }

    /// <summary>How the request body is delimited; throws <see cref="HttpMessageException"/> on ambiguous framing (PRX-08).</summary>
    BodyFraming RequestFraming();

    /// <summary>Tells a client waiting on <c>Expect: 100-continue</c> to send its body (HTTP/2: the server does it on first read).</summary>
    Task ContinueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Copies the request body to <paramref name="sink"/>; throws <see cref="HttpMessageException"/>
    /// (<c>body_too_large</c>, <c>truncated_body</c>, <c>bad_framing</c>) or <see cref="IOException"/>.
    /// </summary>
    Task<long> CopyBodyAsync(BodyFraming framing, Func<ReadOnlyMemory<byte>, Task> sink, long maxBytes, Func<CancellationToken> readToken);

    /// <summary>The vault's own JSON refusal (<see cref="ProxyResponses"/>); never throws for a client that is gone.</summary>
    Task WriteErrorAsync(int status, string code, string message, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status and the (already filtered) fields; <paramref name="hasBody"/> says whether body bytes may follow.
    /// With <paramref name="sendNow"/> they go to the agent at once (the body may be slow to come); otherwise they go
    /// with the first body bytes or the end, in one write (issue 13: one TLS record for a small response, not eight).
    /// </summary>
    Task StartResponseAsync(int status, string reason, IReadOnlyList<KeyValuePair<string, string>> headers, bool hasBody, bool sendNow, CancellationToken cancellationToken);

    /// <summary>
    /// Adds part of the response body, held (with the head if still held) until <see cref="FlushBodyAsync"/> or
    /// <see cref="EndResponseAsync"/>: the relay flushes before every wait on the upstream, so a stream still reaches
    /// the agent as it arrives, while bytes that arrived together leave together (one TLS record, not one per piece).
    /// The data is copied; the caller may reuse its buffer.
    /// </summary>
    Task WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Sends what is held (head and body pieces) to the agent now.</summary>
    Task FlushBodyAsync(CancellationToken cancellationToken);

    /// <summary>Sends the last body bytes (possibly none) and marks the response complete, in one write where the protocol allows.</summary>
    Task EndResponseAsync(ReadOnlyMemory<byte> last, CancellationToken cancellationToken);

    /// <summary>A response cut after its headers were sent must never look complete (PRX-14): reset it.</summary>
    void AbortResponse();
}
