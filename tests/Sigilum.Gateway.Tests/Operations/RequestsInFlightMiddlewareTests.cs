using System.Net;

namespace Sigilum.Gateway.Operations;

public sealed class RequestsInFlightMiddlewareTests
{
    [Fact]
    public async Task ProxiedRequest_WhileRunning_GaugeOneThenZero()
    {
        await using var host = await OperationsHost.StartAsync();
        host.HoldProxy = true;

        var pending = host.Client.GetAsync("/proxy/conn/slow");
        await host.ProxyEntered;
        var during = await ScrapeInFlightAsync(host);
        host.ReleaseProxy();
        using (var response = await pending)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var after = await ScrapeInFlightAsync(host);

        Assert.Equal(1, during);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task NonProxiedRequests_NotCounted()
    {
        await using var host = await OperationsHost.StartAsync();

        // The scrape itself is not a proxied request, so it reads zero.
        Assert.Equal(0, await ScrapeInFlightAsync(host));
    }

    [Fact]
    public async Task ProxiedRequest_ClientAborts_GaugeReturnsToZero()
    {
        await using var host = await OperationsHost.StartAsync();
        host.HoldProxy = true;
        using var abort = new CancellationTokenSource();

        var pending = host.Client.GetAsync("/proxy/conn/slow", abort.Token);
        await host.ProxyEntered;
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        // The server notices the abort asynchronously; wait for the handler to finish rather than sleeping.
        while (host.Metrics.RequestsInFlight != 0)
        {
            await Task.Yield();
        }

        Assert.Equal(0, await ScrapeInFlightAsync(host));
    }

    private static async Task<double?> ScrapeInFlightAsync(OperationsHost host) =>
        PrometheusParser.Parse(await host.Client.GetStringAsync("/metrics")).Value("sigilum_gateway_requests_in_flight");
}
