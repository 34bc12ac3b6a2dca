using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Storage;
using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Sends queued deliveries. Each round leases the due rows in the database (their next attempt moves
/// past the lease), so several control-plane instances on one database never send the same attempt
/// twice, and a delivery leased by an instance that dies is picked up again when the lease runs out
/// (at-least-once; receivers dedupe by <c>X-Sigilum-Delivery-Id</c>).
/// </summary>
internal sealed partial class WebhookDispatcher(
    ISigilumStore store, WebhookSender sender, WebhookSecrets secrets, TimeProvider time,
    IOptions<ControlPlaneOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 32;

    /// <summary>Longer than an attempt can take (timeout ≤ 60 s), so a lease never ends mid-attempt.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const int Parallelism = 8;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the loop to look for due deliveries now (called after an enqueue).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Leases and attempts the deliveries due now; returns how many were attempted. Tests call this directly.</summary>
    internal async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var due = await store.Webhooks.LeaseDueAsync(now, now + Lease, BatchSize, cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (delivery, token) => await AttemptAsync(delivery, token));
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Webhooks;
        if (settings.AllowPrivateTargets)
        {
            // The insecure switch is announced at start (house rule 8), whether or not this instance sends.
            LogPrivateTargetsAllowed(logger);
        }
        if (!settings.DispatcherEnabled)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(settings.PollIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: more may be due; keep going before waiting.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not end the loop: the rows are still there next round.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(logger, e.GetType().Name, e);
            }
            await WaitAsync(interval, stoppingToken);
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(delivery, cancellationToken);
        var updated = WebhookRetryPolicy.After(delivery, outcome, time.GetUtcNow());
        // Recorded even while stopping: the request may already have reached the receiver.
        await store.Webhooks.UpdateDeliveryAsync(updated, CancellationToken.None);
        LogAttempt(logger, delivery.Id, delivery.WebhookId, updated.Attempt, updated.Status, outcome.StatusCode, outcome.Error);
    }

    private async Task<SendOutcome> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var webhook = await store.Webhooks.GetAsync(delivery.WebhookId, cancellationToken);
        if (webhook is not { Active: true })
        {
            return SendOutcome.GiveUp("webhook_inactive");
        }
        var url = WebhookTargetGuard.Parse(webhook.Url, out _);
        if (url is null)
        {
            return SendOutcome.GiveUp("invalid_url");
        }
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var secret = secrets.Open(webhook);
        if (secret is null)
        {
            // Sealed under another master key, or tampered with: nothing to sign with.
            return SendOutcome.GiveUp("secret_unavailable");
        }
        string signature;
        try
        {
            signature = WebhookSignature.Compute(secret, timestamp, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
        return await sender.SendAsync(new WebhookMessage(url, webhook.Id, delivery.Id, delivery.Event, timestamp, signature, body), cancellationToken);
    }

    /// <summary>Until woken by an enqueue, the interval passes or the host stops.</summary>
    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var elapsed = new CancellationTokenSource(interval, time);
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, elapsed.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(round.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested)
        {
            // The interval passed, or the host is stopping; the loop condition tells which.
        }
    }
}
