using System.Net;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Errors;
using Sigilum.Testing;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The circuit breaker end to end: a failing or dead server behind the front, time on a manual clock.</summary>
public sealed class McpCircuitTests(ReferenceServerFixture fixture) : IClassFixture<ReferenceServerFixture>
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task CallToolAsync_ThreeFailedCalls_OpenTheCircuitThenOneProbeAfterTheCooldown()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        var args = McpUpstreamKit.Json("""{"message":"c"}""");
        front.FailNext(1000, HttpStatusCode.InternalServerError);

        for (var i = 0; i < 3; i++)
        {
            var failed = await client.CallToolAsync(target, "echo", args, CancellationToken.None);
            Assert.Equal(ErrorCatalogue.McpToolCallFailed, failed.Error!.Code);
        }
        Assert.Equal(3, front.Requests.Count);

        // Open: refused without a request.
        var open = await client.CallToolAsync(target, "echo", args, CancellationToken.None);
        Assert.Equal(503, open.Error!.Status);
        Assert.Equal(ErrorCatalogue.McpCircuitOpen, open.Error.Code);
        Assert.Contains("10 s", open.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, front.Requests.Count);

        // After the cooldown one call goes through as the probe; it fails, so the circuit opens again at once.
        _clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await client.CallToolAsync(target, "echo", args, CancellationToken.None);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, probe.Error!.Code);
        Assert.Equal(4, front.Requests.Count);
        Assert.Equal(ErrorCatalogue.McpCircuitOpen, (await client.CallToolAsync(target, "echo", args, CancellationToken.None)).Error!.Code);
        Assert.Equal(4, front.Requests.Count);

        // The server recovers: the next probe succeeds and closes the circuit.
        front.FailNext(0);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await client.CallToolAsync(target, "echo", args, CancellationToken.None)).Succeeded);
        Assert.True((await client.CallToolAsync(target, "echo", args, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task DiscoverAsync_DeadServer_OpensTheCircuitAndAnswersCircuitOpen()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        await front.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            var failed = await client.DiscoverAsync(target, CancellationToken.None);
            Assert.Equal(ErrorCatalogue.McpDiscoveryFailed, failed.Error!.Code);
            Assert.Contains("could not be reached", failed.Error.Message, StringComparison.Ordinal);
        }
        var open = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.Equal(503, open.Error!.Status);
        Assert.Equal(ErrorCatalogue.McpCircuitOpen, open.Error.Code);

        // Back up: after the cooldown the probe gets through (re-initialising if the session is gone) and closes it.
        await front.StartAgainAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var recovered = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"up"}"""), CancellationToken.None);
        Assert.True(recovered.Succeeded, recovered.Error?.Message);
        Assert.Equal("Echo: up", McpUpstreamKit.FirstText(recovered.Value));
        Assert.DoesNotContain(McpUpstreamKit.Secret, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_BreakerDisabled_NeverOpens()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs, McpUpstreamKit.Options with { CircuitBreakerFailures = 0 });
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        front.FailNext(5, HttpStatusCode.InternalServerError);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ErrorCatalogue.McpToolCallFailed, (await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("{}"), CancellationToken.None)).Error!.Code);
        }

        Assert.Equal(5, front.Requests.Count);
        Assert.True((await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"m"}"""), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task CallToolAsync_JsonRpcErrors_DoNotOpenTheCircuit()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);

        for (var i = 0; i < 3; i++)
        {
            front.AnswerNextToolCallWithError(-32602, "bad arguments");
            Assert.Equal(ErrorCatalogue.McpToolCallFailed, (await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("{}"), CancellationToken.None)).Error!.Code);
        }

        Assert.True((await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"m"}"""), CancellationToken.None)).Succeeded);
    }
}
