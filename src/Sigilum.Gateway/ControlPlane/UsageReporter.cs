using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// Reports usage events to the control plane (<c>POST /v1/usage/events</c>, spec §3.12) off the request
/// path: <see cref="Report"/> only enqueues into a bounded channel and never waits; when the queue is
/// full the oldest report is dropped and counted. A background loop posts each report signed by the
/// gateway (our control plane authenticates a registered node, not the agent key in the body, so the
/// gateway's own signature is accepted; see docs/audit-witness.md). Each post has a 5 s timeout; a
/// failed report is not retried, and failures are logged once per streak.
/// </summary>
internal sealed class UsageReporter : BackgroundService
{
    private readonly ControlPlaneClient _client;
    private readonly ILogger _logger;
    private readonly Channel<UsageReport> _queue;
    private long _dropped;
    /// <summary>The most reports in one call (the control plane accepts up to 500).</summary>
    public const int MaxBatch = 200;

    private long _sent;
    private long _failed;
    private long _streak;

    public UsageReporter(ControlPlaneClient client, ILogger<UsageReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
        _queue = Channel.CreateBounded<UsageReport>(
            new BoundedChannelOptions(client.Options.UsageQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    /// <summary>Reports dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Reports the control plane accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Reports that failed (no answer or refused).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Reports waiting to be sent.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Queues <paramref name="report"/>; never blocks. Ignored when usage reporting is off.</summary>
    public void Report(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_client.Options.UsageEnabled)
        {
            // A bounded DropOldest channel always accepts a write (it evicts instead of waiting).
            _queue.Writer.TryWrite(report);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Whatever queued while the last batch was in flight goes in the next one: one signed call per batch,
            // not per proxied request, so reporting stays cheap for the gateway and the control plane under load.
            var batch = new List<UsageReport>(MaxBatch);
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var report))
                {
                    batch.Add(report);
                }
                await SendAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued reports are dropped; usage is a view, not the audit log.
        }
    }

    private async Task SendAsync(List<UsageReport> batch, CancellationToken stoppingToken)
    {
        string? failure;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _client.Url("v1/usage/events/batch"))
            {
                Content = new StringContent(new JsonObject { ["events"] = new JsonArray([.. batch.Select(Body)]) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_client.Options.RequestTimeout);
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            failure = response.IsSuccessStatusCode ? null : "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) +
                (response.Headers.TryGetValues("Sigilum-Error-Code", out var codes) ? " " + codes.FirstOrDefault() : string.Empty);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            failure = "timeout";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.HttpRequestError.ToString();
        }
        catch (IOException)
        {
            failure = "connection broken";
        }
        if (failure is null)
        {
            Interlocked.Add(ref _sent, batch.Count);
            var streak = Interlocked.Exchange(ref _streak, 0);
            if (streak > 0)
            {
                UsageReporterLog.Recovered(_logger, streak);
            }
            return;
        }
        Interlocked.Add(ref _failed, batch.Count);
        if (Interlocked.Increment(ref _streak) == 1)
        {
            UsageReporterLog.Failing(_logger, failure);
        }
    }

    /// <summary>The §3.12 body; <c>event_id</c> is minted here so a client's <c>X-Request-Id</c> can never collide ids.</summary>
    private static JsonObject Body(UsageReport report)
    {
        var body = new JsonObject
        {
            ["event_id"] = "gw-" + Guid.NewGuid().ToString("N"),
            ["namespace"] = report.Namespace,
            ["service"] = report.Service,
            ["public_key"] = report.PublicKey,
            ["protocol"] = report.Protocol,
            ["action"] = report.Action,
            ["outcome"] = report.Outcome switch
            {
                UsageOutcome.Success => "success",
                UsageOutcome.Denied => "denied",
                _ => "error",
            },
            ["response_bytes"] = report.ResponseBytes,
            ["occurred_at"] = report.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        Add(body, "subject", report.Subject);
        Add(body, "agent_id", report.AgentId);
        Add(body, "request_method", report.RequestMethod?.ToUpperInvariant());
        Add(body, "request_path", report.RequestPath?.Split('?', 2)[0]);
        Add(body, "remote_ip", report.RemoteIp);
        if (report.StatusCode is { } status)
        {
            body["status_code"] = status;
        }
        if (report.DurationMs is { } duration)
        {
            body["duration_ms"] = duration;
        }
        return body;
    }

    private static void Add(JsonObject body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[name] = value;
        }
    }

    private void OnDropped(UsageReport dropped)
    {
        var count = Interlocked.Increment(ref _dropped);
        // Once at the start of each thousand: a sign of an unreachable control plane, not a log flood.
        if (count % 1000 == 1)
        {
            UsageReporterLog.Dropping(_logger, count);
        }
    }
}
