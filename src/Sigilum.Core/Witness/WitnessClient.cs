using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Errors;

namespace Sigilum.Core.Witness;

/// <summary>
/// Sends a data plane's signed audit checkpoints to the control plane's witness (<c>POST /v1/witness/checkpoints</c>,
/// signed as the node; docs/audit-witness.md), so a later truncation or rewrite of the local log is detectable
/// (DESIGN §4 "Audit"). The gateway and the vault both use it, each configuring it with its <see cref="IWitnessLink"/>.
/// </summary>
/// <remarks>
/// Each checkpoint covers everything before it, so only the newest unsent one matters: <see cref="Offer"/> replaces an
/// older pending one and never blocks the audit writer. Network failures, timeouts, 5xx, 401 and 429 are retried with
/// doubling backoff; a refusal the witness would repeat (400, 403, 409: a regression means a newer head is witnessed)
/// is reported once and not retried. A success counts only when the answer carries the pinned control-plane key's
/// signature over ⟨namespace, node key, the challenge sent, node id, seq, head⟩ (ADR 0024); otherwise the checkpoint
/// is not witnessed and is retried like a network failure.
/// </remarks>
public sealed class WitnessClient : IDisposable
{
    /// <summary>The witness answer's signature header (ADR 0024).</summary>
    public const string SignatureHeader = "Sigilum-Witness-Signature";

    private readonly IWitnessLink _link;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private AuditCheckpoint? _pending;
    private Task _loop = Task.CompletedTask;
    private long _lastSentSeq;
    private long _refusedSeq = -1;
    private long _unverifiedAnswers;
    private int _disposed;

    /// <param name="link">The host's half: endpoint, signing, bindings, outcomes.</param>
    /// <param name="time">Clock for backoff.</param>
    public WitnessClient(IWitnessLink link, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(time);
        _link = link;
        _time = time;
        _lastSentSeq = link.AcknowledgedSeq;
    }

    /// <summary>The highest checkpoint seq the witness acknowledged (0 = none yet).</summary>
    public long LastSentSeq => Interlocked.Read(ref _lastSentSeq);

    /// <summary>The seq of the last checkpoint the witness refused for good (-1 = none).</summary>
    public long RefusedSeq => Interlocked.Read(ref _refusedSeq);

    /// <summary>
    /// Successful-looking answers not signed by the pinned control-plane key (ADR 0024): not counted as witnessed,
    /// retried with backoff. Non-zero means an impostor answers, or no key is pinned.
    /// </summary>
    public long UnverifiedAnswers => Interlocked.Read(ref _unverifiedAnswers);

    /// <summary>True while a checkpoint waits to be witnessed.</summary>
    public bool HasPending => Volatile.Read(ref _pending) is not null;

    /// <summary>Queues <paramref name="checkpoint"/> unless a newer one is already sent or queued. Never blocks (audit writer thread).</summary>
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

    /// <summary>Runs the delivery loop on the thread pool until <see cref="StopAsync"/> (for hosts without a hosted-service container).</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Gives the pending checkpoint (the shutdown one, typically) up to <paramref name="grace"/> to reach the witness,
    /// then stops the loop <see cref="Start"/> began. What is not sent stays on disk and is offered at the next start.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var started = _time.GetTimestamp();
        while (HasPending && _time.GetElapsedTime(started) < grace && !_loop.IsCompleted)
        {
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromMilliseconds(50), _time)).ConfigureAwait(false);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    /// <summary>The delivery loop: waits for an offer, sends the newest pending checkpoint, backs off on failure.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = _link.Retry.InitialDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (Volatile.Read(ref _pending) is { } checkpoint)
                {
                    if (await SendAsync(checkpoint, stoppingToken).ConfigureAwait(false) is not { } reason)
                    {
                        // Only clear the slot if no newer checkpoint arrived meanwhile.
                        Interlocked.CompareExchange(ref _pending, null, checkpoint);
                        delay = _link.Retry.InitialDelay;
                        continue;
                    }
                    _link.Retrying(checkpoint.Seq, reason, delay);
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _link.Retry.MaxDelay.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the newest checkpoint is on disk and is offered again at the next start.
        }
    }

    /// <summary>Idempotent: a host's container may dispose the same instance under two registrations.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stop.Cancel();
        _signal.Dispose();
        _stop.Dispose();
    }

    /// <summary>Null when the checkpoint needs no further attempt; otherwise why it is to be retried.</summary>
    private async Task<string?> SendAsync(AuditCheckpoint local, CancellationToken stoppingToken)
    {
        var witnessed = _link.ForWitness(local);
        var body = witnessed.ToUtf8Json();
        var challenge = ControlPlaneSignature.NewChallenge();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_link.CheckpointsUrl.AbsoluteUri + "?challenge=" + challenge))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_link.Retry.RequestTimeout);
        try
        {
            using var response = await _link.SendAsync(request, body, timeout.Token).ConfigureAwait(false);
            return Judge(response, witnessed, challenge);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
        catch (IOException)
        {
            return "connection broken";
        }
    }

    private string? Judge(HttpResponseMessage response, AuditCheckpoint witnessed, string challenge)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            if (!IsSignedAnswer(response, witnessed, challenge))
            {
                Interlocked.Increment(ref _unverifiedAnswers);
                return ErrorCatalogue.WitnessAnswerUnverified;
            }
            InterlockedMax(ref _lastSentSeq, witnessed.Seq);
            _link.Witnessed(witnessed.Seq, response.StatusCode == HttpStatusCode.OK);
            return null;
        }
        if (status >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)
        {
            return "HTTP " + status.ToString(CultureInfo.InvariantCulture);
        }
        var code = response.Headers.TryGetValues("Sigilum-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        Interlocked.Exchange(ref _refusedSeq, witnessed.Seq);
        _link.Refused(witnessed.Seq, status, code);
        return null;
    }

    // Bound to this node's namespace, key and node id, the challenge just sent and exactly ⟨seq, head⟩.
    private bool IsSignedAnswer(HttpResponseMessage response, AuditCheckpoint witnessed, string challenge) =>
        _link.ControlPlaneKey is { } key
        && response.Headers.TryGetValues(SignatureHeader, out var values) && values.FirstOrDefault() is { } signature
        && ControlPlaneSignature.Verify(key, signature, ControlPlaneSignature.WitnessAnswer,
            [_link.Namespace, _link.NodeKey, challenge, witnessed.Node, witnessed.Seq.ToString(CultureInfo.InvariantCulture), witnessed.Head]);

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
