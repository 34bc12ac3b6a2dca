using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Forwarding;

public sealed class ForwardingErrorTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task UpstreamRefusesConnection_502UpstreamErrorWithoutExceptionText()
    {
        await using var harness = await ForwardingHarness.StartAsync(null, ClosedPort());

        using var response = await harness.Client.GetAsync("/");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("UPSTREAM_ERROR", response.Headers.GetValues("X-Sigilum-Code").Single());
        Assert.Contains("\"code\":\"UPSTREAM_ERROR\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.Equal(ForwarderError.UpstreamUnreachable, await harness.Outcome);
        Assert.All(harness.LastDecision!.Secrets, s => Assert.All(s, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task NoResponseHeadersBeforeTimeout_504UpstreamTimeout()
    {
        var time = new ManualTimeProvider();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                arrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            },
            new ForwardingOptions { ResponseHeadersTimeout = TimeSpan.FromSeconds(30) },
            time);

        var call = harness.Client.GetAsync("/");
        await arrived.Task.WaitAsync(Guard);
        time.Advance(TimeSpan.FromSeconds(31));
        using var response = await call.WaitAsync(Guard);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UPSTREAM_TIMEOUT", response.Headers.GetValues("X-Sigilum-Code").Single());
    }

    [Fact]
    public async Task HeadersTimeout_DoesNotCutAStreamingBody()
    {
        var time = new ManualTimeProvider();
        using var next = new SemaphoreSlim(0);
        await using var harness = await ForwardingHarness.StartAsync(
            async context =>
            {
                await context.Response.WriteAsync("first ");
                await context.Response.Body.FlushAsync();
                await next.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync("second");
            },
            new ForwardingOptions { ResponseHeadersTimeout = TimeSpan.FromSeconds(30) },
            time);

        using var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[6];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Guard);
        time.Advance(TimeSpan.FromMinutes(5));
        next.Release();
        using var reader = new StreamReader(stream);

        Assert.Equal("second", await reader.ReadToEndAsync().WaitAsync(Guard));
        Assert.Equal(ForwarderError.None, await harness.Outcome.WaitAsync(Guard));
    }

    [Fact]
    public async Task ClientDisconnectsWhileWaitingForHeaders_UpstreamSeesCancellation()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => upstreamAborted.TrySetResult());
            arrived.TrySetResult();
            await upstreamAborted.Task;
        });
        using var cts = new CancellationTokenSource();

        var call = harness.Client.GetAsync("/", cts.Token);
        await arrived.Task.WaitAsync(Guard);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await upstreamAborted.Task.WaitAsync(Guard);
        Assert.Equal(ForwarderError.ClientAborted, await harness.Outcome.WaitAsync(Guard));
    }

    [Fact]
    public async Task ClientDisconnectsMidStream_UpstreamSeesCancellation()
    {
        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => upstreamAborted.TrySetResult());
            await context.Response.WriteAsync("data: 1\n\n");
            await context.Response.Body.FlushAsync();
            await upstreamAborted.Task;
        });

        var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[9];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Guard);
        // Dropping the response mid-body closes the agent's connection.
        response.Dispose();

        await upstreamAborted.Task.WaitAsync(Guard);
        Assert.Equal(ForwarderError.ClientAborted, await harness.Outcome.WaitAsync(Guard));
    }

    [Fact]
    public async Task UpstreamResetsMidResponse_AgentConnectionIsAborted()
    {
        using var reset = new SemaphoreSlim(0);
        await using var harness = await ForwardingHarness.StartAsync(async context =>
        {
            context.Response.ContentLength = 100;
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            // Reset only once the bytes are through, so the test is about a reset mid-body, not before headers.
            await reset.WaitAsync(context.RequestAborted);
            context.Abort();
        });

        using var response = await harness.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[7];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Guard);
        reset.Release();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAnyAsync<IOException>(() => stream.CopyToAsync(Stream.Null).WaitAsync(Guard));
        Assert.Equal(ForwarderError.UpstreamResponseAborted, await harness.Outcome.WaitAsync(Guard));
    }
}
