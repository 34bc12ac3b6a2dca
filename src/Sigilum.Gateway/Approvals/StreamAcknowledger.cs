using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// Tells the control plane how far the approvals cache has applied its stream (<c>POST /v1/stream/ack</c>, signed by
/// the gateway's identity, ADR 0027): a revocation is answered to the owner once every gateway confirmed it, so "revoked"
/// means "in effect here". Acknowledgements are cumulative, so only the newest position waits to be sent: the stream
/// reader never waits on the network, and a burst of events costs one call. A failed call is logged and not retried
/// (the next event acknowledges a later position); the control plane then reports this gateway as not confirmed.
/// </summary>
internal sealed class StreamAcknowledger
{
    /// <summary>An acknowledgement later than the revocation's bound (1 s by default) is of no use to anyone.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<(string Challenge, long Seq)> _pending = Channel.CreateBounded<(string, long)>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    /// <summary>Queues "applied up to <paramref name="seq"/> on the connection opened with <paramref name="challenge"/>", replacing an unsent one.</summary>
    public void Offer(string challenge, long seq) => _pending.Writer.TryWrite((challenge, seq));

    /// <summary>Sends queued acknowledgements through <paramref name="http"/> (the signed control-plane client) until stopped.</summary>
    public async Task RunAsync(HttpClient http, Func<Uri> controlPlaneUrl, ILogger logger, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(controlPlaneUrl);
        try
        {
            await foreach (var (challenge, seq) in _pending.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(CallTimeout);
                try
                {
                    using var response = await http.PostAsJsonAsync(new Uri(controlPlaneUrl(), "v1/stream/ack"), new { challenge, seq }, timeout.Token).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        ApprovalsCacheLog.AckRefused(logger, seq, (int)response.StatusCode);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
                {
                    ApprovalsCacheLog.AckFailed(logger, seq, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing left to confirm.
        }
    }
}
