using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// The gateway's view of which agents are approved for which services, kept current by the control
/// plane's pushed claim stream (<c>GET /v1/stream</c>) so a revocation is enforced within a second.
/// The approved set is an immutable snapshot swapped atomically: <see cref="Decide"/> runs on every
/// proxied request and never locks. It fails closed: before the first snapshot, or once the stream has
/// been silent longer than the staleness bound, every decision is <see cref="ApprovalDecision.Unavailable"/>.
/// Only events signed with the pinned control-plane key count (ADR 0024): an unsigned, forged, tampered, replayed
/// or reordered event drops the connection before anything in it is applied, and such a stream proves no liveness,
/// so an impostor on the control plane's address gets the gateway to deny (once stale), never to approve.
/// Every snapshot and claim event is acknowledged once it is published here (<see cref="StreamAcknowledger"/>, ADR 0027),
/// so the control plane answers a revocation only when it is in effect on this gateway.
/// </summary>
internal sealed class ApprovalsCache : BackgroundService, IApprovalSource
{
    private readonly ApprovalsCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly string _namespace;
    private readonly string _nodeKey;

    // Null until the first snapshot: nothing is known yet, so nothing may be approved.
    private ApprovalSet? _approvals;

    // UTC ticks (on _time) of the last event or keep-alive; 0 = never.
    private long _lastHeardTicks;
    private long _lastEventId = -1;
    private volatile bool _connected;
    private volatile ApprovalsLink _link = new(null, null);
    private readonly StreamAcknowledger _acks = new();
    private readonly IApprovalChanges? _changes;

    /// <param name="identity">The gateway's identity, registered as a node of its namespace; not disposed here.</param>
    /// <param name="options">Control-plane URL and bounds.</param>
    /// <param name="time">The clock for staleness and reconnect delays.</param>
    /// <param name="logger">Where connection changes are logged.</param>
    /// <param name="handler">The HTTP handler to use (a fresh one, owned by the cache, when null).</param>
    /// <param name="signingTime">The wall clock for request signatures (<paramref name="time"/> when null).</param>
    /// <param name="changes">Told after each published change (the requests held while the owner decides, ADR 0055).</param>
    public ApprovalsCache(SigningIdentity identity, ApprovalsCacheOptions options, TimeProvider time, ILogger<ApprovalsCache> logger, HttpMessageHandler? handler = null, TimeProvider? signingTime = null,
        IApprovalChanges? changes = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StalenessBound, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.InitialBackoff, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBackoff, options.InitialBackoff, nameof(options));
        _options = options;
        _changes = changes;
        _time = time;
        _logger = logger;
        _namespace = identity.Namespace;
        _nodeKey = identity.AgentKeyHeader;
        // The stream is open for hours: no overall timeout; silence is caught by the staleness read timeout.
        // Every request is signed with the gateway's identity by the one control-plane signing handler.
        // A caller-supplied handler stays the caller's: the signing wrapper is then not disposed with the
        // client (it holds nothing but a reference to the inner handler).
        var inner = handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        _http = new HttpClient(new SignedControlPlaneHandler(identity, signingTime ?? time, inner), disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Whether <paramref name="publicKey"/> of <paramref name="ns"/> may use <paramref name="service"/> as
    /// <paramref name="subject"/> at <paramref name="now"/>. Lock-free.
    /// </summary>
    public ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now)
    {
        var approvals = Volatile.Read(ref _approvals);
        if (approvals is null || !IsFresh())
        {
            return ApprovalDecision.Unavailable;
        }
        return approvals.Covers(new ApprovalKey(ns, publicKey, service), subject, now) ? ApprovalDecision.Approved : ApprovalDecision.NotApproved;
    }

    public ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now)
    {
        var approvals = Volatile.Read(ref _approvals);
        return approvals is null || !IsFresh() ? null : approvals.Covering(new ApprovalKey(ns, publicKey, service), subject, now);
    }

    /// <summary>The stream's state for <c>/health/ready</c>.</summary>
    public ApprovalsCacheStatus Status
    {
        get
        {
            var heard = Interlocked.Read(ref _lastHeardTicks);
            var lastId = Interlocked.Read(ref _lastEventId);
            var link = _link;
            return new ApprovalsCacheStatus(
                _connected,
                Volatile.Read(ref _approvals) is not null && IsFresh(),
                lastId < 0 ? null : lastId,
                heard == 0 ? null : new DateTimeOffset(heard, TimeSpan.Zero),
                Volatile.Read(ref _approvals)?.Count ?? 0,
                link.StatusCode,
                link.Error);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var acks = _acks.RunAsync(_http, () => _options.ControlPlaneUrl, _logger, stop.Token);
        try
        {
            await FollowUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await acks.ConfigureAwait(false);
        }
    }

    private async Task FollowUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var backoff = _options.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool progressed;
            try
            {
                progressed = await FollowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException or FormatException or OperationCanceledException)
            {
                // Network failures and malformed events alike: drop the connection and resume from the last
                // applied event; the staleness bound keeps decisions safe meanwhile.
                _link = new ApprovalsLink(_link.StatusCode, ex.GetType().Name + ": " + ex.Message);
                progressed = false;
            }
            finally
            {
                _connected = false;
            }
            if (progressed)
            {
                backoff = _options.InitialBackoff;
            }
            var link = _link;
            if (link.StatusCode is { } code and not 200)
            {
                ApprovalsCacheLog.Refused(_logger, code, backoff);
            }
            else
            {
                ApprovalsCacheLog.Lost(_logger, link.Error ?? "stream ended", backoff);
            }
            try
            {
                await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    /// <summary>Follows one connection until it ends; true when at least one event was applied.</summary>
    private async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        if (_options.ControlPlaneKey is not { } key)
        {
            _link = new ApprovalsLink(null, ControlPlaneTrust.NotPinnedMessage);
            return false;
        }
        var verifier = new SignedStreamVerifier(key, ControlPlaneSignature.StreamEvent, _namespace, _nodeKey, ControlPlaneSignature.NewChallenge());
        var url = new Uri(_options.ControlPlaneUrl, "v1/stream?challenge=" + verifier.Challenge);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var lastId = Interlocked.Read(ref _lastEventId);
        if (lastId >= 0)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId.ToString(CultureInfo.InvariantCulture));
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            _link = new ApprovalsLink((int)response.StatusCode, $"The control plane refused the stream: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            return false;
        }
        _connected = true;
        _link = new ApprovalsLink((int)response.StatusCode, null);
        ApprovalsCacheLog.Connected(_logger, url, lastId >= 0 ? lastId : null);

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var reader = new StreamReader(body, Encoding.UTF8);
            var parser = new ServerSentEventParser();
            var progressed = false;
            var verifiedAt = _time.GetUtcNow();
            while (true)
            {
                string? line;
                // A half-open connection never ends by itself: give up once it is silent past the bound.
                using (var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    silence.CancelAfter(_options.StalenessBound);
                    try
                    {
                        line = await reader.ReadLineAsync(silence.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        _link = new ApprovalsLink(_link.StatusCode, "The stream was silent past the staleness bound.");
                        return progressed;
                    }
                }
                if (line is null)
                {
                    _link = new ApprovalsLink(_link.StatusCode, "The control plane closed the stream.");
                    return progressed;
                }
                if (parser.Push(line) is not { } sse)
                {
                    continue;
                }
                if (sse.Name is null)
                {
                    // Comments are unsigned: anyone could send them, so they prove nothing (signed keep-alives do),
                    // and a stream of nothing but comments is dropped like a silent one.
                    if (_time.GetUtcNow() - verifiedAt > _options.StalenessBound)
                    {
                        _link = new ApprovalsLink(_link.StatusCode, "The stream sent no signed event within the staleness bound.");
                        return progressed;
                    }
                    continue;
                }
                if (!verifier.Verify(sse))
                {
                    // Nothing of this event is applied and the connection is dropped: counted as "stream down".
                    _link = new ApprovalsLink(_link.StatusCode, ErrorCatalogue.ControlPlaneSignatureInvalid + $": the '{sse.Name}' event was not signed by the pinned control-plane key " +
                        "(another server answers on the control plane's address, or the stream was tampered with or replayed); refused.");
                    return progressed;
                }
                Apply(sse);
                if (sse.Name is "snapshot" or "claim")
                {
                    // Published first, confirmed after: a revocation is acknowledged only once Decide sees it.
                    _acks.Offer(verifier.Challenge, Interlocked.Read(ref _lastEventId));
                }
                verifiedAt = _time.GetUtcNow();
                progressed = true;
            }
        }
    }

    private void Apply(ServerSentEvent sse)
    {
        // Who to tell once the change is published and fresh: every key after a snapshot, one key after a claim event.
        var everything = false;
        (ApprovalKey Key, bool Rejected)? changed = null;
        switch (sse.Name)
        {
            case "snapshot":
                using (var document = JsonDocument.Parse(sse.Data))
                {
                    var claims = new List<ApprovedClaim>();
                    foreach (var item in document.RootElement.GetProperty("claims").EnumerateArray())
                    {
                        var (claim, approved) = ClaimWire.Read(item);
                        if (approved)
                        {
                            claims.Add(claim);
                        }
                    }
                    var set = ApprovalSet.From(claims);
                    var seq = document.RootElement.GetProperty("seq").GetInt64();
                    Volatile.Write(ref _approvals, set);
                    Interlocked.Exchange(ref _lastEventId, EventId(sse) ?? seq);
                    ApprovalsCacheLog.Snapshot(_logger, set.Count, seq);
                    everything = true;
                }
                break;
            case "claim":
                using (var document = JsonDocument.Parse(sse.Data))
                {
                    var current = Volatile.Read(ref _approvals)
                        ?? throw new InvalidOperationException("A claim event arrived before any snapshot.");
                    var (claim, approved) = ClaimWire.Read(document.RootElement);
                    // Only this loop writes, so a plain publish after computing the new set is enough.
                    Volatile.Write(ref _approvals, approved ? current.With(claim) : current.Without(claim.Key, claim.ClaimId));
                    if (EventId(sse) is { } id)
                    {
                        Interlocked.Exchange(ref _lastEventId, id);
                    }
                    changed = (claim.Key, string.Equals(document.RootElement.GetProperty("status").GetString(), ClaimWire.RejectedStatus, StringComparison.Ordinal));
                }
                break;
            default:
                // Signed keep-alives, and signed events this gateway does not know yet, prove the stream is alive.
                break;
        }
        // Liveness is recorded after the change is applied, so "fresh" never covers an unapplied event.
        Interlocked.Exchange(ref _lastHeardTicks, _time.GetUtcNow().UtcTicks);
        if (everything)
        {
            _changes?.ChangedAll();
        }
        else if (changed is { } change)
        {
            _changes?.Changed(change.Key, change.Rejected);
        }
    }

    private bool IsFresh()
    {
        var heard = Interlocked.Read(ref _lastHeardTicks);
        return heard != 0 && _time.GetUtcNow().UtcTicks - heard <= _options.StalenessBound.Ticks;
    }

    private static long? EventId(ServerSentEvent sse) =>
        long.TryParse(sse.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
