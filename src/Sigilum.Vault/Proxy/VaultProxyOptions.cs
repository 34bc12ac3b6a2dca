using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Backends;

namespace Sigilum.Vault.Proxy;

/// <summary>Settings of one running proxy; defaults follow issue 6 and reliability §4.3.</summary>
internal sealed record VaultProxyOptions
{
    public const int DefaultPort = 10255;

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); see <see cref="VaultProxy.Port"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The cap from request head to upstream response headers (issue 6 item 4; docs/decisions/0009).</summary>
    public TimeSpan RequestBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest gap between two reads of a streamed response body once headers were sent.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a client may take to send a request head (slowloris, PRX-10; below Kestrel's 30 s).</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive tunnel waits for its next request.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxHeadBytes { get; init; } = 32 * 1024;

    /// <summary>Concurrent HTTP/2 streams on one tunnel (SETTINGS_MAX_CONCURRENT_STREAMS); more are refused one by one.</summary>
    public int MaxStreamsPerTunnel { get; init; } = 100;

    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;

    public long MaxResponseBodyBytes { get; init; } = 1L << 32;

    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// How long an upstream connection may idle in the pool before it is closed (docs/decisions/0030):
    /// below the usual server keep-alive limits (nginx 75 s, load balancers 60 s); a server that closes
    /// sooner is noticed before reuse.
    /// </summary>
    public TimeSpan UpstreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle upstream connections kept per agent, route and checked address; 0 turns pooling off.</summary>
    public int MaxIdleUpstreamPerKey { get; init; } = 32;

    /// <summary>Idle upstream connections kept in total.</summary>
    public int MaxIdleUpstream { get; init; } = 256;

    /// <summary>Open tunnels (and plain requests in flight) one agent may hold; more get 429 (PRX-12).</summary>
    public int MaxTunnelsPerAgent { get; init; } = 64;

    /// <summary>
    /// Release credentials to plain-http upstreams for routes that say <c>--scheme http</c>
    /// (<c>start --insecure-allow-plain-http-upstreams</c>, announced in the posture line). Off: every
    /// plain-http request is refused with <c>PLAIN_HTTP_REFUSED</c> (docs/decisions/0022).
    /// </summary>
    public bool InsecureAllowPlainHttpUpstreams { get; init; }

    /// <summary>Extra roots for upstream TLS besides the system store (<c>start --upstream-ca</c>).</summary>
    public X509Certificate2Collection UpstreamRoots { get; init; } = [];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Most live attestation ids held in memory (docs/decisions/0026); beyond it requests are refused 503, never evicted.</summary>
    public long ReplayCapacity { get; init; } = 1_000_000;

    /// <summary>
    /// The node id written into audit checkpoints; null = derived from the node key
    /// (<c>sigil-vault-&lt;hex&gt;</c>). A vault paired with a control plane uses the id it was registered under.
    /// </summary>
    public string? NodeId { get; init; }

    /// <summary>
    /// Called (on the audit writer, must not block) with each durably written checkpoint: the hook a
    /// witness client uses to send it to the control plane (docs/audit-witness.md).
    /// </summary>
    public Action<Sigilum.Protocol.Audit.AuditCheckpoint>? CheckpointWritten { get; init; }

    /// <summary>What backends see (environment for <c>env</c>, clock, transport).</summary>
    public BackendContext BackendContext { get; init; } = new();

    /// <summary>
    /// The operator's confirmation that the replay database was restored on purpose (reliability STO-15,
    /// <c>sigil-vault start --accept-store-rollback</c>); the acceptance is audited. Off by default.
    /// </summary>
    public bool AcceptStoreRollback { get; init; }

    /// <summary>Test seam: adjusts the audit log's options before it is opened (fault injection, reliability STO-01).</summary>
    internal Func<Core.Audit.AuditLogOptions, Core.Audit.AuditLogOptions>? AuditLogHook { get; init; }

    /// <summary>Builds backends; <see cref="BackendFactory.Create"/> unless a test supplies its own.</summary>
    public Func<BackendDefinition, BackendContext, (ICredentialBackend? Backend, IReadOnlyList<string> Errors)> BackendFactory { get; init; } = Backends.BackendFactory.Create;

    /// <summary>Name resolution (tests map their own names to loopback).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = (host, ct) => Dns.GetHostAddressesAsync(host, ct);
}
