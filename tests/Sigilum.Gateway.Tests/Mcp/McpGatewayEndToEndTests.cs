using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// Issue #15's acceptance on the whole gateway: a signed agent reaches the real MCP reference server through
/// <c>/mcp/…</c>, the connection's credential is injected (the authenticating front checks it) and never comes back, and
/// every policy rule refuses with its reason code.
/// </summary>
public sealed class McpGatewayEndToEndTests(McpGatewayFixture fixture) : IClassFixture<McpGatewayFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetPolicyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Code(HttpResponseMessage response) => response.Headers.GetValues(GatewayErrorResponse.CodeHeader).Single();

    private static string Reason(HttpResponseMessage response) => response.Headers.GetValues(McpPipeline.ReasonHeader).Single();

    private async Task<string[]> AllToolNamesAsync()
    {
        var (_, body, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools?refresh=force");
        return [.. body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task Tools_ReferenceServer_ListedWithSchemasAndTheDiscoveryHeader()
    {
        var (status, body, response) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(response.Headers.GetValues(McpDiscoverySource.Header).Single(), new[] { "cache_hit", "refreshed" });
        Assert.Equal(McpGatewayFixture.Connection, body.GetProperty("connection_id").GetString());
        Assert.Equal(GatewayStack.Namespace, body.GetProperty("subject").GetString());
        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        // 12 tools in spec/openclaw.md; the SDK's notifications/initialized makes the server register a 13th.
        Assert.True(tools.Count >= 12, body.ToString());
        var echo = tools.Single(t => t.GetProperty("name").GetString() == "echo");
        Assert.Contains("\"message\"", echo.GetProperty("input_schema").GetString(), StringComparison.Ordinal);
        Assert.Equal(tools.Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal), tools.Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Call_Echo_EchoedAndTheCredentialReachedTheServerButNotTheAgent()
    {
        var before = fixture.Front.Requests.Count;

        var (status, body, response) = await fixture.CallAsync("echo", """{"arguments":{"message":"hello gateway"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("everything", "echo"), (answer.GetProperty("connection_id").GetString(), answer.GetProperty("tool").GetString()));
        Assert.Equal("Echo: hello gateway", answer.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.True(response.Headers.Contains(McpDiscoverySource.Header));
        var call = fixture.Front.Requests.Skip(before).Single(r => r.RpcMethod == "tools/call");
        Assert.Equal(200, call.Status);
        Assert.Equal("Bearer " + McpGatewayFixture.Secret, call.Headers.Single(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.DoesNotContain(McpGatewayFixture.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers), h => h.Value.Any(v => v.Contains(McpGatewayFixture.Secret, StringComparison.Ordinal)));
        // The agent's own Sigilum headers do not travel upstream.
        Assert.DoesNotContain(call.Headers.Keys, k => k.StartsWith("Sigilum-", StringComparison.OrdinalIgnoreCase) || k.Equals("Signature", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Call_BareArgumentsObject_AcceptedLikeTheWrappedForm()
    {
        var (status, body, _) = await fixture.CallAsync("echo", """{"message":"bare"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Echo: bare", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_BodyNotAJsonObject_400AndNothingSent()
    {
        var before = fixture.Front.Requests.Count;

        var (status, _, _) = await fixture.CallAsync("echo", "[1,2]");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(before, fixture.Front.Requests.Count);
    }

    [Fact]
    public async Task Call_DenylistedTool_403DeniedDenylistAndNotSent()
    {
        await fixture.PatchAsync(McpGatewayFixture.Connection, new { mcp_tool_denylist = new[] { "echo" } });
        var before = fixture.Front.Requests.Count(r => r.RpcMethod == "tools/call");

        var (status, body, response) = await fixture.CallAsync("echo");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.McpToolForbidden, Code(response));
        Assert.Equal(ErrorCatalogue.McpToolDeniedDenylist, Reason(response));
        Assert.Contains(ErrorCatalogue.McpToolDeniedDenylist, body, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Front.Requests.Count(r => r.RpcMethod == "tools/call"));
    }

    [Fact]
    public async Task Call_ToolOutsideTheAllowlist_403DeniedAllowlist()
    {
        await fixture.PatchAsync(McpGatewayFixture.Connection, new { mcp_tool_allowlist = new[] { "get-env" } });

        var (status, _, response) = await fixture.CallAsync("echo");
        var (_, listed, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.McpToolDeniedAllowlist, Reason(response));
        Assert.Equal(["get-env"], listed.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Call_EmptyAllowlistIntersection_DeniesEveryTool()
    {
        await fixture.PatchAsync(McpGatewayFixture.Connection, new
        {
            mcp_tool_allowlist = new[] { "echo" },
            mcp_subject_tool_policies = new Dictionary<string, object> { [GatewayStack.Namespace] = new { allowlist = new[] { "get-env" } } },
        });

        var (status, _, response) = await fixture.CallAsync("echo");
        var (_, listed, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools");
        var (_, explained, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools/echo/explain");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.McpToolDeniedAllowlist, Reason(response));
        Assert.Empty(listed.GetProperty("tools").EnumerateArray());
        Assert.False(explained.GetProperty("allowed").GetBoolean());
        Assert.True(explained.GetProperty("effective_policy").GetProperty("allowlist_matches_nothing").GetBoolean());
        Assert.Empty(explained.GetProperty("exposed_tools").EnumerateArray());
    }

    [Fact]
    public async Task Call_BeyondMaxToolsExposed_403DeniedMaxToolsExposed()
    {
        var names = await AllToolNamesAsync();
        await fixture.PatchAsync(McpGatewayFixture.Connection, new { mcp_max_tools_exposed = 1 });

        var (status, _, response) = await fixture.CallAsync(names[1], "{}");
        var (_, explained, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools/{names[0]}/explain");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.McpToolDeniedMaxToolsExposed, Reason(response));
        Assert.Equal((true, ErrorCatalogue.McpToolAllowed), (explained.GetProperty("allowed").GetBoolean(), explained.GetProperty("reason_code").GetString()));
        Assert.Equal([names[0]], explained.GetProperty("exposed_tools").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Call_UndiscoveredTool_403NotDiscovered()
    {
        var (status, _, response) = await fixture.CallAsync("no-such-tool");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.McpToolNotDiscovered, Reason(response));
    }

    [Fact]
    public async Task Explain_DenylistedTool_TheWholeDecision()
    {
        await fixture.PatchAsync(McpGatewayFixture.Connection, new
        {
            mcp_tool_denylist = new[] { "get-env" },
            mcp_subject_tool_policies = new Dictionary<string, object> { [GatewayStack.Namespace] = new { denylist = new[] { "echo" }, max_tools_exposed = 3 } },
        });

        var (status, body, response) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools/echo/explain");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("everything", GatewayStack.Namespace, "echo", false, ErrorCatalogue.McpToolDeniedDenylist, true),
            (body.GetProperty("connection_id").GetString(), body.GetProperty("subject").GetString(), body.GetProperty("tool").GetString(),
             body.GetProperty("allowed").GetBoolean(), body.GetProperty("reason_code").GetString(), body.GetProperty("tool_discovered").GetBoolean()));
        var policy = body.GetProperty("effective_policy");
        Assert.Equal(["echo", "get-env"], policy.GetProperty("denylist").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, policy.GetProperty("max_tools_exposed").GetInt32());
        Assert.False(policy.TryGetProperty("allowlist_matches_nothing", out _));
        Assert.Equal(3, body.GetProperty("exposed_tools").GetArrayLength());
        Assert.Equal(response.Headers.GetValues(McpDiscoverySource.Header).Single(), body.GetProperty("discovery_cache_status").GetString());
    }

    [Fact]
    public async Task Explain_UndiscoveredTool_NotDiscoveredAndNotSent()
    {
        var (status, body, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools/nope/explain");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((ErrorCatalogue.McpToolNotDiscovered, false), (body.GetProperty("reason_code").GetString(), body.GetProperty("tool_discovered").GetBoolean()));
    }

    [Fact]
    public async Task Proxy_McpConnection_400UseMcp()
    {
        using var response = await fixture.Client.GetAsync($"proxy/{McpGatewayFixture.Connection}/mcp");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/mcp/everything/tools", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mcp_HttpConnection_400UseProxyAndNothingSent()
    {
        var agent = fixture.Stack.NewAgent();
        await fixture.ApproveAsync(agent, GatewayStack.Service);

        var (status, body, _) = await fixture.GetJsonAsync($"mcp/{GatewayStack.Service}/tools", fixture.Stack.AgentClient(agent));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("use /proxy/echo/", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_BlankToolName_NameRequired()
    {
        var (status, body, _) = await fixture.GetJsonAsync($"mcp/{McpGatewayFixture.Connection}/tools/%20/explain");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((ErrorCatalogue.McpToolNameRequired, false), (body.GetProperty("reason_code").GetString(), body.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public async Task Call_ServerAnswersAJsonRpcError_502ToolCallFailed()
    {
        fixture.Front.AnswerNextToolCallWithError(-32603, "internal tool failure");

        var (status, _, response) = await fixture.CallAsync("echo");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(ErrorCatalogue.McpToolCallFailed, Code(response));
    }

    [Fact]
    public async Task Tools_WrongMethod_405InTheEnvelope()
    {
        using var response = await fixture.Client.PostAsync($"mcp/{McpGatewayFixture.Connection}/tools", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(ErrorCatalogue.MethodNotAllowed, Code(response));
    }

    [Fact]
    public async Task Mcp_UnknownAction_404NotFound()
    {
        using var response = await fixture.Client.GetAsync($"mcp/{McpGatewayFixture.Connection}/prompts");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCatalogue.NotFound, Code(response));
    }

    [Fact]
    public async Task Tools_BadRefreshMode_400InvalidRefreshMode()
    {
        using var response = await fixture.Client.GetAsync($"mcp/{McpGatewayFixture.Connection}/tools?refresh=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCatalogue.InvalidRefreshMode, Code(response));
    }

    [Fact]
    public async Task Tools_Unsigned_403SignatureInvalidAndNothingSent()
    {
        var before = fixture.Front.Requests.Count;
        using var anonymous = fixture.Stack.AnonymousLocalClient();

        using var response = await anonymous.GetAsync($"mcp/{McpGatewayFixture.Connection}/tools?refresh=force");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthSignatureInvalid, Code(response));
        Assert.Equal(before, fixture.Front.Requests.Count);
    }

    [Fact]
    public async Task Call_UnapprovedAgent_Markdown403AndAPendingClaim()
    {
        var stranger = fixture.Stack.NewAgent();
        var before = fixture.Front.Requests.Count;

        var (status, body, response) = await fixture.CallAsync("echo", client: fixture.Stack.AgentClient(stranger));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ErrorCatalogue.AuthClaimRequired, Code(response));
        Assert.Contains("Sigilum verified your signature", body, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Front.Requests.Count);
        using var owner = fixture.Stack.ControlPlane.OwnerClient(fixture.Stack.OwnerToken);
        var pending = await owner.GetFromJsonAsync<JsonElement>($"v1/namespaces/{GatewayStack.Namespace}/claims?status=pending");
        Assert.Contains(pending.GetProperty("claims").EnumerateArray(), c =>
            c.GetProperty("public_key").GetString() == stranger.AgentKeyHeader && c.GetProperty("service").GetString() == McpGatewayFixture.Connection);
    }

    [Fact]
    public async Task Call_AfterRevocation_TheNextCallIsDenied()
    {
        var agent = fixture.Stack.NewAgent();
        var claimId = await fixture.ApproveAsync(agent, McpGatewayFixture.Connection);
        var client = fixture.Stack.AgentClient(agent);
        Assert.Equal(HttpStatusCode.OK, (await fixture.CallAsync("echo", client: client)).Status);
        var calls = fixture.Front.Requests.Count(r => r.RpcMethod == "tools/call");

        await fixture.Stack.ControlPlane.RevokeAsync(fixture.Stack.OwnerToken, claimId);
        var (status, _, response) = await fixture.CallAsync("echo", client: client);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ErrorCatalogue.AuthClaimRequired, Code(response));
        Assert.Equal(calls, fixture.Front.Requests.Count(r => r.RpcMethod == "tools/call"));
    }

    [Fact]
    public async Task Call_OverTheRateLimit_429AndNotSent()
    {
        var front = await fixture.StartFrontAsync();
        await fixture.AddConnectionAsync("everything-limited", front);
        await fixture.ApproveAsync(fixture.Agent, "everything-limited");

        // RateLimit calls fit in a minute window; within 2 × RateLimit + 1 calls one window must overflow, whatever the clock.
        HttpResponseMessage? limited = null;
        for (var call = 0; call <= 2 * McpGatewayFixture.RateLimit && limited is null; call++)
        {
            var sent = front.Requests.Count(r => r.RpcMethod == "tools/call");
            var (status, _, response) = await fixture.CallAsync("echo", connection: "everything-limited");
            if (status == HttpStatusCode.TooManyRequests)
            {
                limited = response;
                Assert.Equal(sent, front.Requests.Count(r => r.RpcMethod == "tools/call"));
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }

        Assert.NotNull(limited);
        Assert.Equal(ErrorCatalogue.McpToolRateLimited, Code(limited));
    }

    [Fact]
    public async Task Call_ServerDown_FailsThenTheCircuitOpens503()
    {
        var front = await fixture.StartFrontAsync();
        await fixture.AddConnectionAsync("everything-down", front);
        await fixture.ApproveAsync(fixture.Agent, "everything-down");
        Assert.Equal(HttpStatusCode.OK, (await fixture.CallAsync("echo", connection: "everything-down")).Status);

        await front.StopAsync();
        var codes = new List<string>();
        for (var call = 0; call < 6 && !codes.Contains(ErrorCatalogue.McpCircuitOpen); call++)
        {
            var (_, _, response) = await fixture.CallAsync("echo", connection: "everything-down");
            codes.Add(Code(response));
        }

        Assert.Equal(ErrorCatalogue.McpCircuitOpen, codes[^1]);
        Assert.All(codes[..^1], code => Assert.Equal(ErrorCatalogue.McpToolCallFailed, code));
        var (status, _, _) = await fixture.CallAsync("echo", connection: "everything-down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task Call_Audited_ReleaseNamesTheToolOutcomeFollowsNoArgumentsOrSecret()
    {
        const string Canary = "argument-canary-31415";

        var (status, body, response) = await fixture.CallAsync("echo", """{"arguments":{"message":"argument-canary-31415"}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Canary, body, StringComparison.Ordinal);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();

        // The outcome rides the next group commit (ADR 0031): flush until it is on disk.
        var trail = fixture.Stack.Gateway.Services.GetRequiredService<GatewayAuditTrail>();
        var path = Path.Combine(fixture.Stack.DataDirectory, "audit", "audit.jsonl");
        var waited = Stopwatch.StartNew();
        List<JsonElement> mine;
        string[] lines;
        while (true)
        {
            await trail.FlushAsync();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                lines = [.. (await reader.ReadToEndAsync()).Split('\n').Where(line => line.TrimEnd('\0').Length > 0)];
            }
            mine = [.. lines.Where(l => l.Contains(requestId, StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            if (mine.Count >= 2 || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                break;
            }
            await Task.Delay(5);
        }

        Assert.Equal([GatewayAuditTrail.ReleaseType, GatewayAuditTrail.OutcomeType], mine.Select(r => r.GetProperty("type").GetString()));
        Assert.Contains("/mcp/everything/tools/echo/call", mine[0].GetRawText(), StringComparison.Ordinal);
        Assert.All(lines, line => Assert.DoesNotContain(Canary, line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain(McpGatewayFixture.Secret, line, StringComparison.Ordinal));
    }
}
