using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Hosting;

/// <summary>Server-Sent Events through the composed gateway reach the agent as they are written, not when the stream ends.</summary>
public sealed class GatewayStreamingTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseSecondEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GatewayStack _stack = null!;

    public async Task InitializeAsync() => _stack = await GatewayStack.StartAsync(StreamAsync);

    public async Task DisposeAsync()
    {
        _releaseSecondEvent.TrySetResult();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task Proxy_ServerSentEvents_FirstEventArrivesBeforeUpstreamWritesTheSecond()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/stream"))
        {
        }
        await _stack.ApprovePendingAsync(agent);

        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 100 && response?.StatusCode != HttpStatusCode.OK; attempt++)
        {
            response?.Dispose();
            response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "proxy/echo/stream"), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(10);
            }
        }
        using var ok = response!;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var reader = new StreamReader(await ok.Content.ReadAsStreamAsync());

        // The upstream is still holding the second event back: this line can only arrive if the gateway streams.
        Assert.Equal("data: first", await reader.ReadLineAsync());
        _releaseSecondEvent.SetResult();
        Assert.Equal(string.Empty, await reader.ReadLineAsync());
        Assert.Equal("data: second", await reader.ReadLineAsync());
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync("data: first\n\n");
        await context.Response.Body.FlushAsync();
        await _releaseSecondEvent.Task;
        await context.Response.WriteAsync("data: second\n\n");
    }
}
