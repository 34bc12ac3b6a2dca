using System.Net;
using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Errors;
using Sigilum.Testing;
using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>The MCP client against the real reference server, behind an authenticating front.</summary>
public sealed class McpUpstreamClientTests(ReferenceServerFixture fixture) : IClassFixture<ReferenceServerFixture>
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CapturedLogs _logs = new();

    // server-everything registers simulate-research-query once it receives notifications/initialized, which the SDK
    // sends as the MCP spec requires: 13 tools here. Sigilum never sends it, hence the 12 of spec/openclaw.md (ADR 0039).
    [Fact]
    public async Task DiscoverAsync_ReferenceServer_ListsItsThirteenToolsSortedWithSchemasAsStrings()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var discovery = outcome.Value!;
        Assert.Equal(13, discovery.Tools.Count);
        Assert.Contains(discovery.Tools, t => t.Name == "simulate-research-query");
        Assert.Equal(discovery.Tools.Select(t => t.Name).Order(StringComparer.Ordinal), discovery.Tools.Select(t => t.Name));
        var echo = Assert.Single(discovery.Tools, t => t.Name == "echo");
        Assert.Equal("Echoes back the input string", echo.Description);
        using (var schema = JsonDocument.Parse(echo.InputSchema))
        {
            Assert.Equal("object", schema.RootElement.GetProperty("type").GetString());
            Assert.True(schema.RootElement.GetProperty("properties").TryGetProperty("message", out _));
        }
        Assert.DoesNotContain('\n', echo.InputSchema);
        Assert.Equal(_clock.GetUtcNow(), discovery.LastDiscoveredAt);
        Assert.False(string.IsNullOrEmpty(discovery.Server!.Name));
        Assert.Equal("2025-03-26", discovery.Server.ProtocolVersion);
    }

    [Fact]
    public async Task CallToolAsync_Echo_ReturnsTheServersText()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", McpUpstreamKit.Json("""{"message":"hi"}"""), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("Echo: hi", McpUpstreamKit.FirstText(outcome.Value));
    }

    [Fact]
    public async Task CallToolAsync_UnknownTool_ReturnsTheIsErrorResultAsASuccess()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "no-such-tool", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.True(outcome.Value.GetProperty("isError").GetBoolean());
        Assert.Contains("no-such-tool", McpUpstreamKit.FirstText(outcome.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_JsonRpcError_FailsWithToolCallFailedAndTheServersMessage()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.AnswerNextToolCallWithError(-32602, "Invalid params: message is required");

        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(502, outcome.Error.Status);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, outcome.Error.Code);
        Assert.Contains("JSON-RPC error -32602: Invalid params: message is required", outcome.Error.Message, StringComparison.Ordinal);
        // Not retried: one tools/call reached the front.
        Assert.Equal(1, front.Count("tools/call"));
    }

    [Fact]
    public async Task CallToolAsync_JsonRpcErrorEchoingTheCredential_WithholdsTheMessage()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        front.AnswerNextToolCallWithError(-32000, "bad key X-Api-Key: " + McpUpstreamKit.Secret);

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", McpUpstreamKit.Json("""{"message":"x"}"""), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("withheld", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(McpUpstreamKit.Secret, outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(McpUpstreamKit.Secret, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscoverAsync_HeaderCredential_ReachesTheServerInItsHeaderOnly()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.NotEmpty(front.Requests);
        Assert.All(front.Requests, request =>
        {
            Assert.True(request.Status is 200 or 202, $"status {request.Status}");
            Assert.Equal(McpUpstreamKit.Secret, request.Headers["X-Api-Key"]);
            // Nowhere else: not in the query, another header or the JSON-RPC body.
            Assert.DoesNotContain(McpUpstreamKit.Secret, request.PathAndQuery, StringComparison.Ordinal);
            Assert.DoesNotContain(McpUpstreamKit.Secret, request.Body, StringComparison.Ordinal);
            Assert.Single(request.Headers.Values, v => v.Contains(McpUpstreamKit.Secret, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task DiscoverAsync_BearerCredential_ReachesTheServerAsAuthorizationBearer()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server, "Authorization", "Bearer " + McpUpstreamKit.Secret);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint, "Authorization", "Bearer " + McpUpstreamKit.Secret, ConnectionValues.AuthBearer);

        var outcome = await client.DiscoverAsync(target, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.DoesNotContain(front.Requests, r => r.Status == 401);
        Assert.All(front.Requests, r => Assert.Equal("Bearer " + McpUpstreamKit.Secret, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task DiscoverAsync_QueryCredential_ReachesTheServerAsTheQueryParameterOnly()
    {
        await using var front = await AuthenticatingMcpFront.StartWithQueryAsync(fixture.Server.BaseUrl, "api_key", McpUpstreamKit.Secret);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var discovered = await client.DiscoverAsync(McpUpstreamKit.QueryTarget(front.Endpoint), CancellationToken.None);
        var called = await client.CallToolAsync(McpUpstreamKit.QueryTarget(front.Endpoint), "echo", McpUpstreamKit.Json("""{"message":"q"}"""), CancellationToken.None);

        Assert.True(discovered.Succeeded, discovered.Error?.Message);
        Assert.Equal("Echo: q", McpUpstreamKit.FirstText(called.Value));
        Assert.All(front.Requests, request =>
        {
            Assert.EndsWith("?api_key=" + McpUpstreamKit.Secret, request.PathAndQuery, StringComparison.Ordinal);
            Assert.DoesNotContain(request.Headers.Values, v => v.Contains(McpUpstreamKit.Secret, StringComparison.Ordinal));
            Assert.DoesNotContain(McpUpstreamKit.Secret, request.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task DiscoverAsync_QueryCredentialReplacesTheEndpointsPlaceholder()
    {
        await using var front = await AuthenticatingMcpFront.StartWithQueryAsync(fixture.Server.BaseUrl, "api_key", McpUpstreamKit.Secret);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var endpoint = new Uri(front.Endpoint + "?api_key=%7B%7B__API_KEY__%7D%7D&region=eu");

        var outcome = await client.DiscoverAsync(McpUpstreamKit.QueryTarget(endpoint), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.All(front.Requests, r => Assert.Equal("/mcp?region=eu&api_key=" + McpUpstreamKit.Secret, r.PathAndQuery));
    }

    [Fact]
    public async Task DiscoverAsync_HeaderKeyOnAuthorizationWithoutPrefix_FallsBackToBearerOnceThenKeepsIt()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server, "Authorization", "Bearer " + McpUpstreamKit.Secret);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint, "Authorization");

        var first = await client.DiscoverAsync(target, CancellationToken.None);
        var second = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"b"}"""), CancellationToken.None);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.True(second.Succeeded, second.Error?.Message);
        // One 401 (the first initialize), then every request as a bearer token.
        var refused = Assert.Single(front.Requests, r => r.Status == 401);
        Assert.Equal(McpUpstreamKit.Secret, refused.Headers["Authorization"]);
        Assert.All(front.Requests.Where(r => r.Status != 401), r => Assert.Equal("Bearer " + McpUpstreamKit.Secret, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task DiscoverAsync_WrongCredential_FailsWith401ReasonWithoutRetryOrLeak()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server, "X-Api-Key", "another-value");
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(502, outcome.Error.Status);
        Assert.Equal(ErrorCatalogue.McpDiscoveryFailed, outcome.Error.Code);
        Assert.Contains("refused the connection's credential (HTTP 401)", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Single(front.Requests);
        Assert.DoesNotContain(McpUpstreamKit.Secret, outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(McpUpstreamKit.Secret, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_WrongQueryCredential_MessageAndLogsHoldNeitherSecretNorUrl()
    {
        await using var front = await AuthenticatingMcpFront.StartWithQueryAsync(fixture.Server.BaseUrl, "api_key", "another-value");
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.CallToolAsync(McpUpstreamKit.QueryTarget(front.Endpoint), "echo", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, outcome.Error.Code);
        Assert.Equal(McpUpstreamKit.Secret, Assert.Single(front.Requests).PathAndQuery.Split("api_key=")[1]);
        Assert.DoesNotContain(McpUpstreamKit.Secret, outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(McpUpstreamKit.Secret, _logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_SameUpstream_ReuseOneSession()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);

        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        Assert.True((await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"1"}"""), CancellationToken.None)).Succeeded);
        Assert.True((await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"2"}"""), CancellationToken.None)).Succeeded);

        Assert.Equal(1, front.Count("initialize"));
        var sessions = front.Requests.Where(r => r.RpcMethod is "tools/list" or "tools/call").Select(r => r.Headers["Mcp-Session-Id"]).Distinct().ToList();
        Assert.Single(sessions);
        Assert.All(front.Requests.Where(r => r.RpcMethod is "tools/list" or "tools/call"), r => Assert.StartsWith("{\"", r.Body, StringComparison.Ordinal));
        Assert.All(front.Requests.Where(r => r.RpcMethod is "tools/list" or "tools/call"), r => Assert.Contains("\"id\":\"sigilum-gateway-", r.Body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Session not found")]
    [InlineData(HttpStatusCode.BadRequest, "Bad Request: No valid session ID provided")]
    [InlineData(HttpStatusCode.BadRequest, "Bad Request: Server not initialized")]
    [InlineData(HttpStatusCode.BadRequest, "invalid session")]
    public async Task CallToolAsync_SessionLost_ReinitialisesOnceAndSucceeds(HttpStatusCode status, string wording)
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.ForgetSessions(status, wording);

        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"again"}"""), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("Echo: again", McpUpstreamKit.FirstText(outcome.Value));
        Assert.Equal(2, front.Count("initialize"));
        Assert.Equal(1, front.Requests.Count(r => r.Status == (int)status));
    }

    [Fact]
    public async Task CallToolAsync_BadRequestNotAboutTheSession_IsNotRetried()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.FailNext(1, HttpStatusCode.BadRequest);

        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"x"}"""), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("HTTP 400", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, front.Requests.Count(r => r.Status == 400));
        Assert.Equal(1, front.Count("tools/call"));
        Assert.Equal(1, front.Count("initialize"));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task CallToolAsync_TransientStatusOnce_IsRetriedAndSucceeds(HttpStatusCode status)
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.FailNext(1, status);

        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"retried"}"""), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("Echo: retried", McpUpstreamKit.FirstText(outcome.Value));
        Assert.Equal(2, front.Count("tools/call"));
    }

    [Fact]
    public async Task DiscoverAsync_TransientStatusTwice_FailsAfterTwoAttempts()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        front.FailNext(5, HttpStatusCode.ServiceUnavailable);

        var outcome = await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("unavailable (HTTP 503)", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(2, front.Requests.Count);
    }

    [Fact]
    public async Task CallToolAsync_BadGateway_IsNotRetriedBecauseTheToolMayHaveRun()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.FailNext(1, HttpStatusCode.BadGateway);

        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"once"}"""), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("HTTP 502", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, front.Count("tools/call"));
    }

    [Fact]
    public async Task DiscoverAsync_BadGatewayOnce_IsRetried()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.FailNext(1, HttpStatusCode.BadGateway);

        var outcome = await client.DiscoverAsync(target, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        // The first discovery, then a 502 and a second attempt.
        Assert.Equal(3, front.Count("tools/list"));
    }

    [Fact]
    public async Task CallToolAsync_ResponseOverTheLimit_FailsAndTheSessionStaysUsable()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs, McpUpstreamKit.Options with { MaxResponseBytes = 4096 });
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        var big = new string('x', 5000);

        var refused = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json($$"""{"message":"{{big}}"}"""), CancellationToken.None);
        var small = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"small"}"""), CancellationToken.None);

        Assert.False(refused.Succeeded);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, refused.Error.Code);
        Assert.Contains("larger than the limit of 4096 bytes", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, front.Requests.Count(r => r.RpcMethod == "tools/call" && r.Body.Contains(big, StringComparison.Ordinal)));
        Assert.True(small.Succeeded, small.Error?.Message);
        Assert.Equal(1, front.Count("initialize"));
    }

    [Fact]
    public async Task CallToolAsync_CallerCancelled_ThrowsAndDoesNotCountTowardTheCircuit()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallToolAsync(target, "echo", McpUpstreamKit.Json("{}"), cancelled.Token));
        }
        var outcome = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"ok"}"""), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
    }

    [Fact]
    public async Task CallToolAsync_ArgumentsNotAnObject_RefusedWithoutARequest()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", McpUpstreamKit.Json("[1]"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(400, outcome.Error.Status);
        Assert.Empty(front.Requests);
    }

    [Fact]
    public async Task CallToolAsync_NoAnswerWithinTheBudget_FailsWithTimeoutAndIsNotRetried()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);
        Assert.True((await client.DiscoverAsync(target, CancellationToken.None)).Succeeded);
        front.HangNext(1);
        var arrived = front.NextRequestAsync();

        var call = client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"slow"}"""), CancellationToken.None);
        await arrived;
        _clock.Advance(TimeSpan.FromSeconds(90));
        var outcome = await call;

        Assert.False(outcome.Succeeded);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, outcome.Error.Code);
        Assert.Contains("no answer within 90 s", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, front.Count("tools/call"));
    }

    [Fact]
    public async Task CallToolAsync_ConcurrentFirstCalls_InitialiseOneSession()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(front.Endpoint);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            client.CallToolAsync(target, "echo", McpUpstreamKit.Json($$"""{"message":"{{i}}"}"""), CancellationToken.None)));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "Echo: " + i), outcomes.Select(o => McpUpstreamKit.FirstText(o.Value)));
        Assert.Equal(1, front.Count("initialize"));
    }

    [Fact]
    public async Task CallToolAsync_ReusedSession_SendsEachCallsOwnCredential()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        Assert.True((await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), CancellationToken.None)).Succeeded);

        // Same connection and endpoint (so the same session), but a rotated (here: wrong) value: it is what goes out.
        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint, value: "rotated-value-1234"), "echo", McpUpstreamKit.Json("""{"message":"x"}"""), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("HTTP 401", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal("rotated-value-1234", front.Requests[^1].Headers["X-Api-Key"]);
        Assert.Equal(1, front.Count("initialize"));
    }

    [Fact]
    public async Task Calls_TransportChanged_DoNotReuseTheOtherTransportsSession()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var args = McpUpstreamKit.Json("""{"message":"t"}""");
        Assert.True((await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", args, CancellationToken.None)).Succeeded);

        // The connection now says "sse": a new session is opened the SSE way (GET), which this endpoint refuses.
        var sse = await client.DiscoverAsync(McpUpstreamKit.HeaderTarget(front.Endpoint, transport: ConnectionValues.McpTransportSse), CancellationToken.None);
        var back = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", args, CancellationToken.None);

        Assert.False(sse.Succeeded);
        Assert.Contains(front.Requests, r => r.Method == "GET");
        Assert.True(back.Succeeded, back.Error?.Message);
        Assert.Equal(2, front.Count("initialize"));
    }

    [Fact]
    public void Backoff_IsTheConfiguredWaitWithin20Percent()
    {
        var waits = Enumerable.Range(0, 200).Select(_ => McpUpstreamClient.Backoff(TimeSpan.FromMilliseconds(100))).ToList();

        Assert.All(waits, w => Assert.InRange(w.TotalMilliseconds, 80, 120));
        Assert.True(waits.Distinct().Count() > 1);
    }

    [Fact]
    public async Task CallToolAsync_ResultEchoingTheCredential_IsRedactedAndLogged()
    {
        await using var front = await McpUpstreamKit.HeaderFrontAsync(fixture.Server);
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(McpUpstreamKit.Secret));

        var outcome = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(front.Endpoint), "echo", McpUpstreamKit.Json($$"""{"message":"{{McpUpstreamKit.Secret}} and {{encoded}}"}"""), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal("Echo: [REDACTED:sigilum] and [REDACTED:sigilum]", McpUpstreamKit.FirstText(outcome.Value));
        Assert.DoesNotContain(McpUpstreamKit.Secret, outcome.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(_logs.Lines, l => l.Contains("contained the connection's credential", StringComparison.Ordinal));
        Assert.DoesNotContain(McpUpstreamKit.Secret, _logs.All, StringComparison.Ordinal);
    }
}
