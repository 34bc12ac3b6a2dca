using System.Net;
using Sigilum.Gateway.Forwarding;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The handler on real sockets: what it refuses to send, and that it never follows a redirect.</summary>
public sealed class McpCredentialHandlerSendTests
{
    [Fact]
    public async Task SendAsync_OutsideACall_SendsNothing()
    {
        await using var server = await FakeHost.StartAsync(_ => Task.CompletedTask);
        using var client = new HttpClient(new McpCredentialHandler(new McpSessionFlags(), 1024 * 1024) { InnerHandler = HttpForwarder.CreateHandler(new ForwardingOptions()) });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(server.BaseUri, "/mcp"), new StringContent("{}")));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_AnotherOrigin_SendsNothingThere()
    {
        await using var elsewhere = await FakeHost.StartAsync(_ => Task.CompletedTask);
        using var client = new HttpClient(new McpCredentialHandler(new McpSessionFlags(), 1024 * 1024) { InnerHandler = HttpForwarder.CreateHandler(new ForwardingOptions()) });
        var context = new McpCallContext(McpUpstreamKit.HeaderTarget(new Uri("http://127.0.0.1:9/mcp")));

        using (context.Enter())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(elsewhere.BaseUri, "/message"), new StringContent("{}")));
        }

        Assert.True(context.CrossOrigin);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task CallToolAsync_RedirectToAnotherHost_IsNotFollowed()
    {
        await using var elsewhere = await FakeHost.StartAsync(_ => Task.CompletedTask);
        await using var server = await FakeHost.StartAsync(context =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.TemporaryRedirect;
            context.Response.Headers.Location = new Uri(elsewhere.BaseUri, "/mcp").ToString();
            return Task.CompletedTask;
        });
        await using var client = McpUpstreamKit.Client(new ManualClock(DateTimeOffset.UnixEpoch), new Connections.CapturedLogs());

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(new Uri(server.BaseUri, "/mcp")), "echo", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("HTTP 307", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }
}
