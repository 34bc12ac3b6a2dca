using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// The one HTTP client for the gateway's short control-plane calls (claims, usage, witness): every
/// request goes through <see cref="SignedControlPlaneHandler"/>, and each call bounds itself with
/// <see cref="ControlPlaneLinkOptions.RequestTimeout"/> (the client's own timeout is off so a caller's
/// cancellation and the per-call timeout can be told apart).
/// </summary>
internal sealed class ControlPlaneClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="identity">The gateway's identity (owned by the host).</param>
    /// <param name="options">Control-plane URL and timeout.</param>
    /// <param name="time">The wall clock for signatures.</param>
    /// <param name="innerHandler">The transport (tests); a fresh <see cref="SocketsHttpHandler"/>, owned here, when null.</param>
    public ControlPlaneClient(SigningIdentity identity, ControlPlaneLinkOptions options, TimeProvider time, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        Options = options;
        Namespace = identity.Namespace;
        NodeKey = identity.AgentKeyHeader;
        var inner = innerHandler ?? new SocketsHttpHandler { ConnectTimeout = options.RequestTimeout, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        _http = new HttpClient(new SignedControlPlaneHandler(identity, time, inner), disposeHandler: innerHandler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public ControlPlaneLinkOptions Options { get; }

    /// <summary>The gateway's namespace: what control-plane signatures are bound to (ADR 0024).</summary>
    public string Namespace { get; }

    /// <summary>The gateway's public key (<c>ed25519:…</c>), the node binding of control-plane signatures.</summary>
    public string NodeKey { get; }

    /// <summary>An absolute URL under the control plane's base URL (<paramref name="relative"/> without a leading slash).</summary>
    public Uri Url(string relative)
    {
        var baseUrl = Options.ControlPlaneUrl;
        // Uri combination drops the last segment unless the base ends in '/'.
        var withSlash = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(withSlash, relative);
    }

    /// <summary>Sends <paramref name="request"/> and returns once the response headers arrived.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => _http.Dispose();
}
