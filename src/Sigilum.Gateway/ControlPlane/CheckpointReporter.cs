using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// Sends the gateway's signed audit checkpoints to the control plane's witness
/// (<c>POST /v1/witness/checkpoints</c>, signed by the gateway), so a later truncation or rewrite of the
/// local log is detectable (DESIGN §4 "Audit", docs/audit-witness.md). Each checkpoint covers everything
/// before it, so only the newest unsent one matters: <see cref="Offer"/> replaces an older pending one and
/// never blocks the audit writer. Network failures, 5xx, 401 and 429 are retried with doubling backoff;
/// a refusal the witness will repeat (400, 403, 409) is logged as an error and not retried.
/// A success counts only when the answer carries the pinned control-plane key's signature over ⟨namespace, this
/// gateway's key, the challenge sent, node id, seq, head⟩ (ADR 0024); otherwise the checkpoint is not witnessed
/// and is retried like a network failure.
/// </summary>
internal sealed class CheckpointReporter : BackgroundService
{
    /// <summary>The witness answer's signature header (ADR 0024).</summary>
    public const string WitnessSignatureHeader = "Sigilum-Witness-Signature";

    private readonly ControlPlaneClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private AuditCheckpoint? _pending;
    private long _lastSentSeq;
    private long _refusedSeq = -1;

    public CheckpointReporter(ControlPlaneClient client, TimeProvider time, ILogger<CheckpointReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _time = time;
        _logger = logger;
    }

    /// <summary>The highest checkpoint seq the witness acknowledged (0 = none yet).</summary>
    public long LastSentSeq => Interlocked.Read(ref _lastSentSeq);

    /// <summary>The seq of the last checkpoint the witness refused for good (-1 = none).</summary>
    public long RefusedSeq => Interlocked.Read(ref _refusedSeq);

    /// <summary>Queues <paramref name="checkpoint"/> for the witness unless a newer one is already sent or queued. Never blocks.</summary>
    public void Offer(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Seq <= LastSentSeq)
        {
            return;
        }
        AuditCheckpoint? current;
        do
        {
            current = Volatile.Read(ref _pending);
            if (current is not null && current.Seq >= checkpoint.Seq)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pending, checkpoint, current) != current);
        Wake();
    }

    public override void Dispose()
    {
        base.Dispose();
        _signal.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_client.Options.NodeId is null)
        {
            CheckpointReporterLog.Disabled(_logger);
            return;
        }
        var delay = _client.Options.InitialRetryDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (Volatile.Read(ref _pending) is { } checkpoint)
                {
                    var (done, reason) = await SendAsync(checkpoint, stoppingToken).ConfigureAwait(false);
                    if (done)
                    {
                        // Only clear the slot if no newer checkpoint arrived meanwhile.
                        Interlocked.CompareExchange(ref _pending, null, checkpoint);
                        delay = _client.Options.InitialRetryDelay;
                        continue;
                    }
                    CheckpointReporterLog.Retrying(_logger, checkpoint.Seq, reason!, delay);
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _client.Options.MaxRetryDelay.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the newest checkpoint is on disk and is offered again at the next start.
        }
    }

    /// <summary>(true, null) when the checkpoint needs no further attempt; (false, reason) to retry.</summary>
    private async Task<(bool Done, string? Reason)> SendAsync(AuditCheckpoint checkpoint, CancellationToken stoppingToken)
    {
        var challenge = ControlPlaneSignature.NewChallenge();
        using var request = new HttpRequestMessage(HttpMethod.Post, _client.Url("v1/witness/checkpoints?challenge=" + challenge))
        {
            Content = new ByteArrayContent(checkpoint.ToUtf8Json()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_client.Options.RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                if (!IsSignedAnswer(response, checkpoint, challenge))
                {
                    return (false, ControlPlaneTrust.WitnessUnverified);
                }
                InterlockedMax(ref _lastSentSeq, checkpoint.Seq);
                CheckpointReporterLog.Witnessed(_logger, checkpoint.Seq, response.StatusCode == HttpStatusCode.OK);
                return (true, null);
            }
            if (status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)
            {
                return (false, "HTTP " + status);
            }
            var code = response.Headers.TryGetValues("Sigilum-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
            Interlocked.Exchange(ref _refusedSeq, checkpoint.Seq);
            CheckpointReporterLog.Refused(_logger, checkpoint.Seq, status, code);
            return (true, null);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.HttpRequestError.ToString());
        }
        catch (IOException)
        {
            return (false, "connection broken");
        }
    }

    private bool IsSignedAnswer(HttpResponseMessage response, AuditCheckpoint checkpoint, string challenge) =>
        _client.Options.ControlPlaneKey is { } key
        && response.Headers.TryGetValues(WitnessSignatureHeader, out var values) && values.FirstOrDefault() is { } signature
        && ControlPlaneSignature.Verify(key, signature, ControlPlaneSignature.WitnessAnswer,
            [_client.Namespace, _client.NodeKey, challenge, checkpoint.Node, checkpoint.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), checkpoint.Head]);

    private void Wake()
    {
        try
        {
            // Capacity one: a signal already pending covers this checkpoint too.
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref target);
            if (current >= value)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref target, value, current) != current);
    }
}
