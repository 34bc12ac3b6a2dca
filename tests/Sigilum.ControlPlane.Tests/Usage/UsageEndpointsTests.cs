using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Usage;

/// <summary>Usage reported by registered nodes and read by the owner, on real HTTP.</summary>
public sealed class UsageEndpointsTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;
    private HttpClient _owner = null!;
    private HttpClient _gateway = null!;

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync(o => o.Webhooks.DispatcherEnabled = false);
        var (_, token) = await _cp.RegisterOwnerAsync("alice");
        _owner = _cp.PlainClient(token);
        _gateway = await RegisterGatewayAsync(_cp, _owner, "alice");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task Report_UnregisteredKey_Returns403NodeNotRegistered()
    {
        var stranger = _cp.SignedClient(_cp.NewIdentity("alice"));

        var response = await PostAsync(stranger, Event("req-1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("NODE_NOT_REGISTERED", await CodeAsync(response));
    }

    [Fact]
    public async Task Report_GatewaySigningForAnAgentKey_IsAcceptedThenDuplicate()
    {
        var first = await PostAsync(_gateway, Event("req-1"));
        var again = await PostAsync(_gateway, Event("req-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(("req-1", true, false), Ack(await first.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(("req-1", true, true), Ack(await again.Content.ReadFromJsonAsync<JsonElement>()));
        var usage = await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage");
        var stored = Assert.Single(usage.GetProperty("events").EnumerateArray());
        Assert.Equal(("req-1", AgentKey), (stored.GetProperty("event_id").GetString(), stored.GetProperty("public_key").GetString()));
    }

    [Fact]
    public async Task Report_SameEventIdFromAnotherNamespacesNode_DoesNotShadowIt()
    {
        var (_, bobToken) = await _cp.RegisterOwnerAsync("bobby");
        var bobGateway = await RegisterGatewayAsync(_cp, _cp.PlainClient(bobToken), "bobby");

        (await PostAsync(bobGateway, Event("req-1"))).EnsureSuccessStatusCode();
        var mine = await PostAsync(_gateway, Event("req-1"));

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
    }

    [Fact]
    public async Task Report_BodyNamesAnotherNamespace_Returns403()
    {
        var response = await PostAsync(_gateway, Event("req-1") with { Namespace = "bobby" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SIGNATURE_NAMESPACE_MISMATCH", await CodeAsync(response));
    }

    private static Dictionary<string, UsageEventRequest> Invalid => new()
    {
        ["outcome forbidden"] = Event("a") with { Outcome = "forbidden" },
        ["event id with spaces"] = Event("a b"),
        ["event id too long"] = Event(new string('x', 129)),
        ["public key not ed25519"] = Event("a") with { PublicKey = "rsa:abc" },
        ["service not a slug"] = Event("a") with { Service = "Not A Slug" },
        ["status code 42"] = Event("a") with { StatusCode = 42 },
        ["path without slash"] = Event("a") with { RequestPath = "v1/chat" },
        ["lower-case method"] = Event("a") with { RequestMethod = "get" },
        ["occurred in the future"] = Event("a") with { OccurredAt = TimeProvider.System.GetUtcNow().AddHours(1) },
        ["occurred 8 days ago"] = Event("a") with { OccurredAt = TimeProvider.System.GetUtcNow().AddDays(-8) },
        ["protocol grpc"] = Event("a") with { Protocol = "grpc" },
        ["action unknown verb"] = Event("a") with { Protocol = "mcp", Action = "mcp_delete:echo" },
        ["action tool with a space"] = Event("a") with { Protocol = "mcp", Action = "mcp_call:my tool" },
        ["action tool too long"] = Event("a") with { Protocol = "mcp", Action = "mcp_call:" + new string('t', 129) },
        ["action list with a tool"] = Event("a") with { Protocol = "mcp", Action = "mcp_list:echo" },
    };

    public static TheoryData<string> InvalidCases() => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public async Task Report_InvalidField_Returns400ValidationError(string invalidCase)
    {
        var response = await PostAsync(_gateway, Invalid[invalidCase]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", await CodeAsync(response));
    }

    [Fact]
    public async Task Report_PathWithQueryString_StoresThePathOnly()
    {
        (await PostAsync(_gateway, Event("req-1") with { RequestPath = "/v1/models?api_key=sk-canary" })).EnsureSuccessStatusCode();

        var usage = await _owner.GetStringAsync("v1/namespaces/alice/usage");

        Assert.Contains("\"/v1/models\"", usage, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-canary", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Filters_SelectNewestFirstWithSummary()
    {
        var now = TimeProvider.System.GetUtcNow();
        var otherAgent = _cp.NewIdentity("alice").AgentKeyHeader;
        await ReportAsync(Event("e1") with { OccurredAt = now.AddMinutes(-50), Outcome = "success" });
        await ReportAsync(Event("e2") with { OccurredAt = now.AddMinutes(-40), Outcome = "denied" });
        await ReportAsync(Event("e3") with { OccurredAt = now.AddMinutes(-30), Outcome = "error", Service = "linear" });
        await ReportAsync(Event("e4") with { OccurredAt = now.AddMinutes(-20), Outcome = "success", PublicKey = otherAgent, AgentId = "Builder-Bot" });
        await ReportAsync(Event("e5") with { OccurredAt = now.AddMinutes(-10), Outcome = "success" });

        Assert.Equal(["e5", "e4", "e3", "e2", "e1"], await IdsAsync(""));
        Assert.Equal(["e5", "e4", "e2", "e1"], await IdsAsync("service=openai"));
        Assert.Equal(["e5", "e4", "e1"], await IdsAsync("outcome=success"));
        Assert.Equal(["e4"], await IdsAsync("agent=builder"));
        Assert.Equal(["e4"], await IdsAsync("agent=" + Uri.EscapeDataString(otherAgent[8..20])));
        Assert.Equal(["e3", "e2"], await IdsAsync($"from={Iso(now.AddMinutes(-45))}&to={Iso(now.AddMinutes(-25))}"));
        Assert.Equal(["e4", "e3"], await IdsAsync("limit=2&offset=1"));

        var page = await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage?service=openai&outcome=success&limit=1");
        var summary = page.GetProperty("summary");
        Assert.Equal((4, 3, 1, 0), (summary.GetProperty("total").GetInt32(), summary.GetProperty("success").GetInt32(), summary.GetProperty("denied").GetInt32(), summary.GetProperty("error").GetInt32()));
        Assert.Equal((3, true), (page.GetProperty("pagination").GetProperty("total").GetInt32(), page.GetProperty("pagination").GetProperty("has_more").GetBoolean()));
    }

    [Fact]
    public async Task Query_McpToolCall_ListedWithProtocolAndActionAndFilteredByProtocol()
    {
        await ReportAsync(Event("h1"));
        await ReportAsync(Event("m1") with { Protocol = "mcp", Action = "mcp_call:" + new string('t', 128), RequestPath = "/mcp/linear/tools/t/call" });
        await ReportAsync(Event("m2") with { Protocol = "mcp", Action = "mcp_list" });
        await ReportAsync(Event("h2") with { Protocol = "http", Action = "proxy" });

        Assert.Equal(["h1", "h2"], (await IdsAsync("protocol=http")).Order(StringComparer.Ordinal));
        Assert.Equal(["m1", "m2"], (await IdsAsync("protocol=mcp")).Order(StringComparer.Ordinal));
        var events = (await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage?protocol=mcp")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("mcp_call:" + new string('t', 128), events.Single(e => e.GetProperty("event_id").GetString() == "m1").GetProperty("action").GetString());
        // An event reported without a protocol (an older gateway) is an HTTP request.
        var legacy = (await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage?protocol=http")).GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("event_id").GetString() == "h1");
        Assert.Equal(("http", JsonValueKind.Null), (legacy.GetProperty("protocol").GetString(), legacy.GetProperty("action").ValueKind));
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("outcome=forbidden")]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("offset=-1")]
    [InlineData("protocol=grpc")]
    public async Task Query_BadFilter_Returns400(string query)
    {
        var response = await _owner.GetAsync("v1/namespaces/alice/usage?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Query_AnotherNamespace_Returns404()
    {
        await _cp.RegisterOwnerAsync("bobby");

        Assert.Equal(HttpStatusCode.NotFound, (await _owner.GetAsync("v1/namespaces/bobby/usage")).StatusCode);
    }

    internal static async Task<HttpClient> RegisterGatewayAsync(ControlPlaneFixture cp, HttpClient owner, string ns)
    {
        var gateway = cp.NewIdentity(ns);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/nodes", new { kind = "gateway", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        return cp.SignedClient(gateway);
    }

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // One agent key for the events of every test: a gateway reports for agents, whose keys it does not sign with.
    private static readonly string AgentKey = NewAgentKey();

    private static string NewAgentKey()
    {
        using var identity = SigningIdentity.FromRecord(Sigilum.Protocol.Identity.IdentityRecord.Create("alice", TimeProvider.System));
        return identity.AgentKeyHeader;
    }

    [Fact]
    public async Task ReportBatch_ManyEvents_AllStoredInOneCall()
    {
        var response = await PostBatchAsync(_gateway, [Event("b-1"), Event("b-2"), Event("b-3")]);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 0), (ack.GetProperty("accepted").GetInt32(), ack.GetProperty("duplicates").GetInt32()));
        Assert.Equal(["b-1", "b-2", "b-3"], (await IdsAsync("limit=10")).Order());
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public async Task ReportBatch_OneInvalidEvent_RefusesTheWholeBatchNamingIt(string invalidCase)
    {
        var bad = Invalid[invalidCase];

        var response = await PostBatchAsync(_gateway, [Event("b-1"), bad, Event("b-3")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("USAGE_EVENT_INVALID", problem.GetProperty("code").GetString());
        Assert.Equal(1, problem.GetProperty("index").GetInt32());
        Assert.StartsWith("events[1]: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // All or nothing: the valid events around it are not stored either.
        Assert.Empty(await IdsAsync("limit=10"));
    }

    [Fact]
    public async Task ReportBatch_NullEvent_RefusedNamingIt()
    {
        using var content = new StringContent("""{"events":[null]}""", System.Text.Encoding.UTF8, "application/json");

        var response = await _gateway.PostAsync("v1/usage/events/batch", content);

        Assert.Equal("USAGE_EVENT_INVALID", await CodeAsync(response));
    }

    [Fact]
    public async Task ReportBatch_EventNamesAnotherNamespace_403NamingIt()
    {
        var response = await PostBatchAsync(_gateway, [Event("b-1"), Event("b-2") with { Namespace = "bobby" }]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("SIGNATURE_NAMESPACE_MISMATCH", 1), (problem.GetProperty("code").GetString(), problem.GetProperty("index").GetInt32()));
        Assert.Empty(await IdsAsync("limit=10"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task ReportBatch_EmptyOrTooMany_400BatchSizeInvalid(int count)
    {
        var events = Enumerable.Range(0, count).Select(i => Event("n-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var response = await PostBatchAsync(_gateway, events);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("USAGE_BATCH_SIZE_INVALID", await CodeAsync(response));
    }

    [Fact]
    public async Task ReportBatch_NoEventsMember_400BatchSizeInvalid()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        Assert.Equal("USAGE_BATCH_SIZE_INVALID", await CodeAsync(await _gateway.PostAsync("v1/usage/events/batch", content)));
    }

    [Fact]
    public async Task ReportBatch_FiveHundredEvents_AllStored()
    {
        var events = Enumerable.Range(0, 500).Select(i => Event("n-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var response = await PostBatchAsync(_gateway, events);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var usage = await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage?limit=1");
        Assert.Equal(500, usage.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ReportBatch_RetriedBatch_CountsDuplicatesAndStoresEachEventOnce()
    {
        (await PostBatchAsync(_gateway, [Event("b-1"), Event("b-2")])).EnsureSuccessStatusCode();

        var again = await PostBatchAsync(_gateway, [Event("b-1"), Event("b-2"), Event("b-3"), Event("b-3")]);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var ack = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4, 3), (ack.GetProperty("accepted").GetInt32(), ack.GetProperty("duplicates").GetInt32()));
        Assert.Equal(["b-1", "b-2", "b-3"], (await IdsAsync("limit=10")).Order());
    }

    [Fact]
    public async Task ReportBatch_Unsigned_401SignatureMissingAndNothingStored()
    {
        var response = await PostBatchAsync(_cp.PlainClient(), [Event("b-1")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGNATURE_MISSING", await CodeAsync(response));
        Assert.Empty(await IdsAsync("limit=10"));
    }

    [Fact]
    public async Task ReportBatch_OwnerToken_IsNotASignature401()
    {
        var response = await PostBatchAsync(_owner, [Event("b-1")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await IdsAsync("limit=10"));
    }

    [Fact]
    public async Task ReportBatch_NotJson_400InvalidJson()
    {
        using var content = new StringContent("{\"events\": [", System.Text.Encoding.UTF8, "application/json");

        Assert.Equal("INVALID_JSON", await CodeAsync(await _gateway.PostAsync("v1/usage/events/batch", content)));
    }

    [Fact]
    public async Task ReportBatch_UnregisteredKey_403()
    {
        var stranger = _cp.SignedClient(_cp.NewIdentity("alice"));

        var response = await PostBatchAsync(stranger, [Event("b-1")]);

        Assert.Equal("NODE_NOT_REGISTERED", await CodeAsync(response));
    }

    private static Task<HttpResponseMessage> PostBatchAsync(HttpClient client, List<UsageEventRequest> events) =>
        client.PostAsJsonAsync("v1/usage/events/batch", new UsageBatchRequest(events), SnakeCase);

    private static UsageEventRequest Event(string id) => new(
        id, null, "openai", AgentKey, "user@example.com", null, "success", 200, 12, "POST", "/v1/chat/completions", null);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, UsageEventRequest body) => client.PostAsJsonAsync("v1/usage/events", body, SnakeCase);

    private async Task ReportAsync(UsageEventRequest body) => (await PostAsync(_gateway, body)).EnsureSuccessStatusCode();

    private async Task<List<string>> IdsAsync(string query) =>
        [.. (await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/usage?" + query)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event_id").GetString()!)];

    private static string Iso(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static (string?, bool, bool) Ack(JsonElement body) =>
        (body.GetProperty("event_id").GetString(), body.GetProperty("accepted").GetBoolean(), body.GetProperty("duplicate").GetBoolean());

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
