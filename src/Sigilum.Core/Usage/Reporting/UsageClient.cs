using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;

namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// Reports a data plane's usage events to the control plane in batches (<c>POST /v1/usage/events/batch</c>, ADR 0029), off the
/// request path: <see cref="Report"/> only enqueues into a bounded channel and never waits; when the queue is full the
/// oldest report is dropped and counted (<see cref="Dropped"/>, and through <see cref="IUsageLink.Counted"/> in the host's metrics).
/// A background loop sends one signed call per <see cref="UsageReportingPolicy.BatchSize"/> events or per
/// <see cref="UsageReportingPolicy.FlushInterval"/> after the oldest waiting event, whichever comes first, so
/// the control plane verifies one signature and commits one transaction per batch instead of per proxied request.
/// A batch that fails in transit (no answer, timeout, 5xx, 401, 429) is retried unchanged — same bytes, same event
/// ids, so the control plane's idempotency makes a retry safe — with doubling backoff; a refusal the control plane
/// will repeat (any other 4xx) drops the batch and counts it (<see cref="Refused"/>). On graceful shutdown whatever
/// is queued is sent, one attempt per batch within one request timeout. The data plane signs the calls as its registered
/// node (our control plane authenticates the node, not the agent key in the body; see docs/audit-witness.md). The gateway
/// and the vault both use it, each configuring it with its <see cref="IUsageLink"/> (ADR 0071).
/// </summary>
public sealed class UsageClient : IDisposable
{
    /// <summary>The most reports in one call: the control plane's batch limit.</summary>
    public const int MaxBatch = 500;

    /// <summary>A batch closes once its body passes this size, well under the control plane's 1 MiB signed-body limit
    /// (one event is at most ~3 KB: every field is bounded by <see cref="UsageEventWriter"/>).</summary>
    public const int MaxBatchBytes = 768 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // A JSON body for our own API, never embedded in HTML: no need to escape '+' of base64 keys and the like.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly IUsageLink _link;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private readonly Channel<UsageReport> _queue;
    private readonly int _batchSize;
    private readonly ArrayBufferWriter<byte> _body = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private TaskCompletionSource? _full;
    private long _queued;
    private long _dropped;
    private long _sent;
    private long _refused;
    private long _failedAttempts;
    private long _streak;
    private int _inHand;
    private int _state;

    /// <param name="link">The host's half: endpoint, signing, policy, outcomes.</param>
    /// <param name="time">Clock for the flush interval and backoff.</param>
    public UsageClient(IUsageLink link, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(time);
        _link = link;
        _time = time;
        _batchSize = Math.Clamp(link.Policy.BatchSize, 1, MaxBatch);
        _writer = new Utf8JsonWriter(_body, WriterOptions);
        _queue = Channel.CreateBounded<UsageReport>(
            new BoundedChannelOptions(Math.Max(link.Policy.QueueCapacity, _batchSize)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    /// <summary>Reports dropped: the queue was full (the oldest go), or they came after shutdown began.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Reports the control plane accepted (new or duplicate).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Reports in batches the control plane refused for good (a 4xx other than 401 and 429); they are not retried.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Send attempts that failed in transit and were (or, at shutdown, could no longer be) retried.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Reports waiting in the queue (not counting a batch being sent).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>What the loop is doing; tests advance a manual clock only once the loop waits on it.</summary>
    public UsageReporterState State => (UsageReporterState)Volatile.Read(ref _state);

    /// <summary>Queues <paramref name="report"/>; never blocks, never allocates beyond the channel's node. Ignored when usage reporting is off.</summary>
    public void Report(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!_link.Policy.Enabled)
        {
            return;
        }
        // A bounded DropOldest channel always accepts a write (it evicts instead of waiting) until shutdown completes it.
        if (!_queue.Writer.TryWrite(report))
        {
            CountDropped();
            return;
        }
        if (Interlocked.Increment(ref _queued) >= _batchSize)
        {
            // A full batch waits: end the loop's interval wait early (continuations run on the pool, not on this request).
            Volatile.Read(ref _full)?.TrySetResult();
        }
    }

    /// <summary>Runs <see cref="RunAsync"/> on the thread pool until <see cref="StopAsync"/> (for hosts without a hosted-service container).</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops the loop <see cref="Start"/> began; what is queued is sent first, one attempt per batch within one request timeout.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _writer.Dispose();
    }

    /// <summary>The delivery loop until <paramref name="stoppingToken"/> is cancelled; then what is queued is flushed.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await WaitForBatchAsync(stoppingToken).ConfigureAwait(false);
                if (Collect())
                {
                    await SendWithRetryAsync(stoppingToken).ConfigureAwait(false);
                }
                Volatile.Write(ref _state, (int)UsageReporterState.Idle);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: flushed below.
        }
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until a full batch is queued or the oldest queued report is <see cref="UsageReportingPolicy.FlushInterval"/> old.</summary>
    private async Task WaitForBatchAsync(CancellationToken stoppingToken)
    {
        var interval = _link.Policy.FlushInterval;
        if (!_queue.Reader.TryPeek(out var oldest))
        {
            return;
        }
        // Measured from when the oldest report was made, so a report that waited behind a slow send is not held again;
        // clamped to one interval so a clock step cannot hold reports longer.
        var wait = oldest.OccurredAt + interval - _time.GetUtcNow();
        if (wait <= TimeSpan.Zero || Interlocked.Read(ref _queued) >= _batchSize)
        {
            return;
        }
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _full, full);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            // Re-checked after publishing the signal: a report that filled the batch just before it would otherwise be missed.
            if (Interlocked.Read(ref _queued) < _batchSize)
            {
                var delay = Task.Delay(wait < interval ? wait : interval, _time, timer.Token);
                Volatile.Write(ref _state, (int)UsageReporterState.Collecting);
                await Task.WhenAny(full.Task, delay).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _full, null);
            Volatile.Write(ref _state, (int)UsageReporterState.Sending);
            // Stops the interval timer when the batch filled first.
            await timer.CancelAsync().ConfigureAwait(false);
        }
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Moves up to one batch from the queue into the request body; false when nothing was queued.</summary>
    private bool Collect()
    {
        _body.ResetWrittenCount();
        _writer.Reset(_body);
        _writer.WriteStartObject();
        _writer.WriteStartArray(UsageEventWriter.Events);
        // One random id per batch; events are numbered within it. A retry resends these bytes, so ids stay stable.
        Span<char> idPrefix = stackalloc char[UsageEventWriter.IdPrefixLength];
        UsageEventWriter.IdPrefix(idPrefix, _link.EventIdTag);
        var count = 0;
        while (count < _batchSize && _writer.BytesPending + _body.WrittenCount < MaxBatchBytes && _queue.Reader.TryRead(out var report))
        {
            Interlocked.Decrement(ref _queued);
            UsageEventWriter.Write(_writer, report, idPrefix, count);
            count++;
        }
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        _inHand = count;
        return count > 0;
    }

    /// <summary>Sends the batch in hand until it is accepted or refused for good, backing off between attempts.</summary>
    private async Task SendWithRetryAsync(CancellationToken stoppingToken)
    {
        var policy = _link.Policy;
        var delay = policy.InitialRetryDelay;
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(policy.RequestTimeout);
            var (outcome, reason) = await PostAsync(timeout.Token, stoppingToken).ConfigureAwait(false);
            if (outcome != SendOutcome.Retry)
            {
                return;
            }
            if (Interlocked.Increment(ref _streak) == 1)
            {
                _link.Failing(reason!);
            }
            var wait = Task.Delay(delay, _time, stoppingToken);
            Volatile.Write(ref _state, (int)UsageReporterState.BackingOff);
            await wait.ConfigureAwait(false);
            Volatile.Write(ref _state, (int)UsageReporterState.Sending);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, policy.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// At shutdown: the batch in hand and then everything queued, one attempt per batch, all within one request
    /// timeout (the host's own shutdown timeout bounds it too). Reports made after this point are dropped and counted.
    /// </summary>
    private async Task FlushAsync()
    {
        _queue.Writer.TryComplete();
        using var deadline = new CancellationTokenSource(_link.Policy.RequestTimeout, _time);
        try
        {
            if (_inHand > 0 || Collect())
            {
                do
                {
                    var (outcome, reason) = await PostAsync(deadline.Token, deadline.Token).ConfigureAwait(false);
                    if (outcome == SendOutcome.Retry)
                    {
                        // No time to retry: what is in hand is lost, and so is the rest of the queue.
                        _link.FlushFailed(_inHand + _queue.Reader.Count, reason!);
                        break;
                    }
                }
                while (Collect());
            }
        }
        catch (OperationCanceledException)
        {
            _link.FlushFailed(_inHand + _queue.Reader.Count, "timeout");
        }
        Volatile.Write(ref _state, (int)UsageReporterState.Stopped);
    }

    private async Task<(SendOutcome Outcome, string? Reason)> PostAsync(CancellationToken attempt, CancellationToken stoppingToken)
    {
        string reason;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _link.BatchUrl)
            {
                // Signed and sent from the batch buffer itself (no copy per batch in the signing handler).
                Content = new BufferedBodyContent(_body.WrittenMemory),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _link.SendAsync(request, _body.WrittenMemory, attempt).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                Count(ref _sent, "sent");
                var streak = Interlocked.Exchange(ref _streak, 0);
                if (streak > 0)
                {
                    _link.Recovered(streak);
                }
                return (SendOutcome.Done, null);
            }
            var code = response.Headers.TryGetValues("Sigilum-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
            if (status < 500 && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests))
            {
                // The control plane will refuse these bytes again: drop the batch rather than block every later report.
                _link.Refused(_inHand, status, code);
                Count(ref _refused, "refused");
                return (SendOutcome.Done, null);
            }
            reason = "HTTP " + status.ToString(CultureInfo.InvariantCulture) + (code is null ? string.Empty : " " + code);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            reason = "timeout";
        }
        catch (HttpRequestException ex)
        {
            reason = ex.HttpRequestError.ToString();
        }
        catch (IOException)
        {
            reason = "connection broken";
        }
        Interlocked.Increment(ref _failedAttempts);
        return (SendOutcome.Retry, reason);
    }

    private void Count(ref long counter, string result)
    {
        Interlocked.Add(ref counter, _inHand);
        _link.Counted(result, _inHand);
        _inHand = 0;
    }

    private void OnDropped(UsageReport dropped)
    {
        Interlocked.Decrement(ref _queued);
        CountDropped();
    }

    private void CountDropped()
    {
        var count = Interlocked.Increment(ref _dropped);
        _link.Counted("dropped", 1);
        // Once at the start of each thousand: a sign of an unreachable control plane, not a log flood.
        if (count % 1000 == 1)
        {
            _link.Dropping(count);
        }
    }

    private enum SendOutcome
    {
        Done,
        Retry,
    }
}
