using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// Holds the relay stream (<c>GET /v1/gateway/relay/stream</c>, ADR 0018) to the control plane, outbound only,
/// reconnecting with backoff like the approvals stream; each <c>command</c> event is dispatched by
/// <see cref="RelayDispatcher"/> and answered with a signed <c>POST /v1/gateway/relay/responses</c>.
/// <see cref="Stop"/> and <see cref="Start"/> switch it at run time (<c>sigilum gateway pair --stop</c>).
/// Every event must be signed with the pinned control-plane key for this gateway and connection (ADR 0024): a
/// command that is unsigned, forged, tampered with, replayed or out of order is never dispatched, and the
/// connection is dropped at once.
/// </summary>
internal sealed class RelayLink : BackgroundService
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly ControlPlaneClient _client;
    private readonly RelayDispatcher _dispatcher;
    private readonly RelayKey _key;
    private readonly GatewayRelayOptions _options;
    private readonly string? _nodeId;
    private readonly string _namespace;
    private readonly string _nodeKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _current;
    private volatile bool _enabled;
    private volatile bool _connected;
    private long _connectedSinceTicks;
    private volatile RelayAttempt _last = new(null, null);

    public RelayLink(ControlPlaneClient client, RelayDispatcher dispatcher, RelayKey key, GatewayRelayOptions options, string? nodeId, Sigilum.Protocol.Signatures.SigningIdentity identity, TimeProvider time, ILogger<RelayLink> logger)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _namespace = identity.Namespace;
        _nodeKey = identity.AgentKeyHeader;
        _client = client;
        _dispatcher = dispatcher;
        _key = key;
        _options = options;
        _nodeId = nodeId;
        _time = time;
        _logger = logger;
        _enabled = options.Enabled;
    }

    public RelayStatus Status
    {
        get
        {
            var since = Interlocked.Read(ref _connectedSinceTicks);
            var last = _last;
            return new RelayStatus(_enabled && _nodeId is not null, _connected, _connected && since != 0 ? new DateTimeOffset(since, TimeSpan.Zero) : null,
                _client.Options.ControlPlaneUrl, _nodeId, _key.KeyId, last.StatusCode, _nodeId is null ? "The gateway has no node id: pair it first (sigilum gateway connect)." : last.Error);
        }
    }

    /// <summary>Closes the stream and keeps it closed until <see cref="Start"/>.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _enabled = false;
            _current?.Cancel();
        }
        RelayLinkLog.Switched(_logger, "stopped");
    }

    /// <summary>Opens the stream again after <see cref="Stop"/>.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _enabled = true;
            _wake.TrySetResult();
        }
        RelayLinkLog.Switched(_logger, "started");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_nodeId is null)
        {
            return;
        }
        var backoff = InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            CancellationTokenSource current;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wake = _wake.Task;
                current = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                _current = current;
            }
            using (current)
            {
                if (!_enabled)
                {
                    try
                    {
                        await wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    backoff = InitialBackoff;
                    continue;
                }
                var progressed = false;
                try
                {
                    progressed = await FollowAsync(current.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (current.IsCancellationRequested)
                {
                    _last = new RelayAttempt(_last.StatusCode, stoppingToken.IsCancellationRequested ? "The gateway is stopping." : "The relay was stopped.");
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException or FormatException or OperationCanceledException)
                {
                    _last = new RelayAttempt(_last.StatusCode, ex.GetType().Name + ": " + ex.Message);
                }
                finally
                {
                    _connected = false;
                    lock (_gate)
                    {
                        _current = null;
                    }
                }
                if (!_enabled || stoppingToken.IsCancellationRequested)
                {
                    continue;
                }
                if (progressed)
                {
                    backoff = InitialBackoff;
                }
                RelayLinkLog.Lost(_logger, _last.Error ?? "stream ended", backoff);
                try
                {
                    await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Follows one stream until it ends; true when it opened.</summary>
    private async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        if (_client.Options.ControlPlaneKey is not { } pinned)
        {
            _last = new RelayAttempt(null, ControlPlaneTrust.NotPinnedMessage);
            return false;
        }
        var verifier = new SignedStreamVerifier(pinned, ControlPlaneSignature.RelayEvent, _namespace, _nodeKey, ControlPlaneSignature.NewChallenge());
        var url = _client.Url("v1/gateway/relay/stream?encryption_key=" + _key.PublicKey + "&challenge=" + verifier.Challenge);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            _last = new RelayAttempt((int)response.StatusCode, $"The control plane refused the relay stream: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            return false;
        }
        Interlocked.Exchange(ref _connectedSinceTicks, _time.GetUtcNow().UtcTicks);
        _connected = true;
        _last = new RelayAttempt((int)response.StatusCode, null);
        RelayLinkLog.Connected(_logger, _client.Options.ControlPlaneUrl);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var reader = new StreamReader(body, Encoding.UTF8);
            var parser = new ServerSentEventParser();
            var verifiedAt = _time.GetUtcNow();
            while (true)
            {
                string? line;
                using (var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    silence.CancelAfter(TimeSpan.FromSeconds(_options.SilenceSeconds));
                    try
                    {
                        line = await reader.ReadLineAsync(silence.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        _last = new RelayAttempt(_last.StatusCode, "The relay stream was silent too long.");
                        return true;
                    }
                }
                if (line is null)
                {
                    _last = new RelayAttempt(_last.StatusCode, "The control plane closed the relay stream.");
                    return true;
                }
                if (parser.Push(line) is not { } sse)
                {
                    continue;
                }
                if (sse.Name is null)
                {
                    // Unsigned comments prove nothing: a stream carrying only comments past the silence bound is
                    // dropped like a silent one, so whoever sends them cannot hold the relay away from the control plane.
                    if (_time.GetUtcNow() - verifiedAt > TimeSpan.FromSeconds(_options.SilenceSeconds))
                    {
                        _last = new RelayAttempt(_last.StatusCode, "The relay stream sent no signed event for too long.");
                        return true;
                    }
                    continue;
                }
                if (!verifier.Verify(sse))
                {
                    _last = new RelayAttempt(_last.StatusCode, ErrorCatalogue.ControlPlaneSignatureInvalid + $": a '{sse.Name}' event of the relay stream was not signed by the pinned control-plane key; nothing was dispatched and the stream was dropped.");
                    // Not progress: back off as for a refused stream rather than hammer an impostor every second.
                    return false;
                }
                verifiedAt = _time.GetUtcNow();
                if (sse.Name == "command")
                {
                    var command = JsonSerializer.Deserialize<RelayCommandMessage>(sse.Data, GatewayJson.Options);
                    if (command?.RequestId is { Length: > 0 })
                    {
                        // Answer concurrently: a slow command must not hold up the stream (each is bounded by the dispatch timeout).
                        _ = AnswerAsync(command, cancellationToken);
                    }
                }
            }
        }
    }

    private async Task AnswerAsync(RelayCommandMessage command, CancellationToken cancellationToken)
    {
        var requestId = command.RequestId!;
        try
        {
            var answer = await _dispatcher.DispatchAsync(command, cancellationToken).ConfigureAwait(false);
            RelayLinkLog.Dispatched(_logger, command.Method, command.Path, requestId, answer.Status, answer.Error);
            using var request = new HttpRequestMessage(HttpMethod.Post, _client.Url("v1/gateway/relay/responses"))
            {
                Content = JsonContent.Create(new
                {
                    request_id = answer.RequestId,
                    status = answer.Status,
                    headers = answer.Headers,
                    body = answer.Body,
                    error = answer.Error,
                }),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_client.Options.RequestTimeout);
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                RelayLinkLog.AnswerLost(_logger, requestId, "HTTP " + (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            RelayLinkLog.AnswerLost(_logger, requestId, ex.GetType().Name);
        }
    }
}
