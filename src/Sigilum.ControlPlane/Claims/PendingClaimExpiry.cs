using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Claims;

/// <summary>
/// Expires pending claims nobody decided within <see cref="ControlPlaneOptions.PendingClaimExpiryHours"/>
/// (spec §4.5), once a minute. Each expiry is a compare-and-set like any decision, so several instances
/// sweeping at once expire each claim exactly once; the change is pushed and fires <c>request.expired</c>.
/// </summary>
internal sealed partial class PendingClaimExpiry(ISigilumStore store, ClaimService claims, TimeProvider time, IOptions<ControlPlaneOptions> options, ILogger<PendingClaimExpiry> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Expires every overdue pending claim now; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var hours = options.Value.PendingClaimExpiryHours;
        if (hours == 0)
        {
            return 0;
        }
        var cutoff = time.GetUtcNow().AddHours(-hours);
        var expired = 0;
        while (true)
        {
            // Always page from the start: claims expired in the previous round no longer match.
            var page = await store.Claims.ListAsync(new ClaimQuery { Status = ClaimStatus.Pending, UpdatedBefore = cutoff, Limit = BatchSize }, cancellationToken);
            var progress = 0;
            foreach (var claim in page.Items)
            {
                if ((await claims.ExpireAsync(claim.Namespace, claim.Id, cancellationToken)).Error == ClaimOutcomeError.None)
                {
                    progress++;
                }
            }
            expired += progress;
            if (!page.HasMore || progress == 0)
            {
                return expired;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var count = await SweepOnceAsync(stoppingToken);
                if (count > 0)
                {
                    LogExpired(logger, count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed sweep (database briefly away) is retried on the next tick.
                LogSweepFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Expired {Count} pending claims")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Pending-claim expiry sweep failed ({ExceptionType}); retrying next minute")]
    private static partial void LogSweepFailed(ILogger logger, string exceptionType);
}
