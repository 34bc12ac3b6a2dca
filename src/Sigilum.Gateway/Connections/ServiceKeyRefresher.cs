using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Storage;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Loads the stored service API keys at start and re-reads them every
/// <see cref="ConnectionOptions.ServiceKeyRefreshInterval"/>, so a key set through another gateway
/// instance is used here within one interval. A failed refresh keeps the previous map and is logged.
/// </summary>
internal sealed class ServiceKeyRefresher(ISigilumStore store, ServiceKeyProvider provider, ConnectionOptions options, TimeProvider time, ILogger<ServiceKeyRefresher> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load is part of start-up, so the first request already sees stored keys.
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ServiceKeyRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReloadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await provider.ReloadAsync(store.Connections, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConnectionLog.ServiceKeyRefreshFailed(logger, ex.GetType().Name);
        }
    }
}
