using Sigilum.Gateway.Connections;
using Sigilum.Testing;
using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The real server restarted on the same port: its sessions are gone, the client re-initialises once.</summary>
public sealed class McpRestartTests
{
    [Fact]
    public async Task CallToolAsync_ServerRestartedOnTheSamePort_ReinitialisesOnceAndRecovers()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var logs = new CapturedLogs();
        var server = await McpReferenceServer.StartAsync();
        try
        {
            await using var front = await McpUpstreamKit.HeaderFrontAsync(server);
            await using var client = McpUpstreamKit.Client(clock, logs);
            var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
            Assert.True((await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"before"}"""), CancellationToken.None)).Succeeded);

            var port = server.Port;
            await server.DisposeAsync();
            server = await McpReferenceServer.StartAsync(port);
            var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"after"}"""), CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Error?.Message);
            Assert.Equal("Echo: after", McpUpstreamKit.FirstText(outcome.Value));
            Assert.Equal(2, front.Count("initialize"));
            // The restarted server's own wording for the unknown session.
            Assert.Single(front.Requests, r => r.Status == 400);
            Assert.Contains(logs.Lines, l => l.Contains("lost the session", StringComparison.Ordinal));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
