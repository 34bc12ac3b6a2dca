using Microsoft.AspNetCore.Http;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;
using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The older HTTP+SSE transport against the reference server started with its <c>sse</c> argument.</summary>
public sealed class McpSseTransportTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task DiscoverAndCall_SseTransport_WorkWithTheCredentialOnEveryRequest()
    {
        await using var server = await McpReferenceServer.StartAsync(transport: "sse");
        await using var front = await McpUpstreamKit.HeaderFrontAsync(server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(new Uri(front.BaseUrl, "/sse"), transport: ConnectionValues.McpTransportSse);

        var discovered = await client.DiscoverAsync(target, CancellationToken.None);
        var called = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"sse"}"""), CancellationToken.None);

        Assert.True(discovered.Succeeded, discovered.Error?.Message);
        Assert.Contains(discovered.Value!.Tools, t => t.Name == "echo");
        Assert.True(called.Succeeded, called.Error?.Message);
        Assert.Equal("Echo: sse", McpUpstreamKit.FirstText(called.Value));
        // One event stream, messages posted to the endpoint it named; the secret on each, as its header only.
        Assert.Single(front.Requests, r => r.Method == "GET" && r.PathAndQuery == "/sse");
        Assert.Contains(front.Requests, r => r.Method == "POST" && r.PathAndQuery.StartsWith("/message?sessionId=", StringComparison.Ordinal));
        Assert.All(front.Requests, r => Assert.Equal(McpUpstreamKit.Secret, r.Headers["X-Api-Key"]));
    }

    [Fact]
    public async Task DiscoverAsync_SseEndpointOnAnotherOrigin_IsRefusedAndNothingIsSentThere()
    {
        await using var elsewhere = await FakeHost.StartAsync(context =>
        {
            context.Response.StatusCode = 202;
            return Task.CompletedTask;
        });
        var endpointEvent = "event: endpoint\ndata: " + new Uri(elsewhere.BaseUri, "/message?sessionId=1") + "\n\n";
        await using var server = await FakeHost.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(endpointEvent, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(new Uri(server.BaseUri, "/sse"), transport: ConnectionValues.McpTransportSse);

        var outcome = await client.DiscoverAsync(target, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("another origin", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }
}
