using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Mcp;

/// <summary>The MCP fields of the connection admin API (spec §3.7) and the discover route (spec §3.1, §3.10) over a fake upstream.</summary>
public sealed class McpConnectionAdminTests : IAsyncLifetime
{
    private const string Secret = "sk-mcp-admin-canary-5a4b3c2d1e";
    private readonly FakeMcpUpstream _upstream = new();
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await McpAdminHarness.StartAsync(_upstream);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private Task<JsonElement> CreateMcpAsync(string id = "linear", object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = id, ["protocol"] = "mcp", ["base_url"] = "https://mcp.linear.example", ["auth_secret_key"] = "token", ["secrets"] = new { token = Secret },
        };
        foreach (var property in JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject())
        {
            body[property.Name] = property.Value;
        }
        return _host.CreateAsync(body);
    }

    [Fact]
    public async Task Create_McpConnection_DefaultsAndNormalisedPolicyInTheView()
    {
        var created = await CreateMcpAsync(extra: new
        {
            mcp_tool_allowlist = new[] { " sum", "echo", "sum", "" },
            mcp_tool_denylist = new[] { "get-env" },
            mcp_max_tools_exposed = 5,
            mcp_subject_tool_policies = new Dictionary<string, object> { [" bob "] = new { allowlist = new[] { "echo" } }, ["alice"] = new { max_tools_exposed = 1 } },
        });

        Assert.Equal(("mcp", "streamable_http", "/"), (created.GetProperty("protocol").GetString(), created.GetProperty("mcp_transport").GetString(), created.GetProperty("mcp_endpoint").GetString()));
        var policy = created.GetProperty("mcp_tool_policy");
        Assert.Equal(["echo", "sum"], Strings(policy.GetProperty("allowlist")));
        Assert.Equal(["get-env"], Strings(policy.GetProperty("denylist")));
        Assert.Equal(5, policy.GetProperty("max_tools_exposed").GetInt32());
        var subjects = created.GetProperty("mcp_subject_tool_policies");
        Assert.Equal(["alice", "bob"], subjects.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["echo"], Strings(subjects.GetProperty("bob").GetProperty("allowlist")));
        Assert.Equal(1, subjects.GetProperty("alice").GetProperty("max_tools_exposed").GetInt32());
        Assert.False(created.TryGetProperty("mcp_discovery", out _));
    }

    [Fact]
    public async Task Create_HttpConnection_NoMcpFieldsInTheView()
    {
        var created = await _host.CreateAsync(new { id = "plain", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.DoesNotContain(created.EnumerateObject(), p => p.Name.StartsWith("mcp_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_McpWithoutAnySecret_CreatedWithoutCredential()
    {
        var created = await _host.CreateAsync(new { id = "open", protocol = "mcp", base_url = "https://open.example" });

        Assert.Equal(("", 0), (created.GetProperty("auth_secret_key").GetString(), created.GetProperty("credential_keys").GetArrayLength()));
        await _host.PrewarmOf("open");
        Assert.True(_upstream.Discoveries.TryDequeue(out var discovery));
        Assert.Equal(((string?)null, (string?)null), (discovery.Header, discovery.QueryParameter));
    }

    public static TheoryData<string, string> InvalidCreates => new()
    {
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v"},"mcp_endpoint":"/mcp"}""", "only allowed with protocol mcp" },
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v"},"mcp_tool_allowlist":["echo"]}""", "only allowed with protocol mcp" },
        { """{"id":"a","protocol":"gopher","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v"}}""", "protocol must be http or mcp" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_transport":"websocket"}""", "mcp_transport must be" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_endpoint":"ftp://a.example/mcp"}""", "mcp_endpoint must be" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_endpoint":"https://u:p@a.example/mcp"}""", "without user info" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_endpoint":"/a/../admin"}""", ". or .. segments" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_endpoint":"/mcp#frag"}""", "without a fragment" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_max_tools_exposed":-1}""", "mcp_max_tools_exposed must be a whole number of at least 0" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_max_tools_exposed":"5"}""", "mcp_max_tools_exposed must be a whole number of at least 0" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_tool_allowlist":"echo"}""", "mcp_tool_allowlist must be a list of tool names" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_tool_denylist":[1]}""", "mcp_tool_denylist must be a list of tool names" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_subject_tool_policies":{" ":{"allowlist":["echo"]}}}""", "keys must be non-empty subjects" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_subject_tool_policies":{"bob":["echo"]}}""", "must be an object" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","mcp_subject_tool_policies":{"bob":{"max_tools_exposed":-2}}}""", "max_tools_exposed must be a whole number" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","secrets":{"k":"v"}}""", "auth_secret_key is required" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","auth_secret_key":"k"}""", "at least one secret is required" },
        { """{"id":"a","protocol":"mcp","base_url":"https://a.example","auth_secret_key":"x","secrets":{"k":"v"}}""", "is not among the secrets" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_InvalidMcpInput_400WithTheRule(string body, string message)
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", rawBody: body);

        Assert.Equal(400, status);
        Assert.Contains(message, Parse(text).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Store.Connections.ListAsync());
    }

    [Fact]
    public async Task Create_AbsoluteEndpoint_KeptAsAnAbsoluteUrl()
    {
        var created = await CreateMcpAsync(extra: new { mcp_endpoint = "https://mcp.other.example/v2/mcp?team=a", mcp_transport = "SSE" });

        Assert.Equal(("https://mcp.other.example/v2/mcp?team=a", "sse"), (created.GetProperty("mcp_endpoint").GetString(), created.GetProperty("mcp_transport").GetString()));
    }

    [Fact]
    public async Task Create_McpConnection_PrewarmStoresTheDiscoveryWithTheConnectionsCredential()
    {
        await CreateMcpAsync(extra: new { mcp_endpoint = "mcp?team=a" });

        await _host.PrewarmOf("linear");

        var discovery = Assert.Single(_upstream.Discoveries);
        Assert.Equal(("linear", "https://mcp.linear.example/mcp?team=a", "streamable_http", "Authorization: Bearer " + Secret),
            (discovery.ConnectionId, discovery.Endpoint.AbsoluteUri, discovery.Transport, discovery.Header));
        var (_, body, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/linear");
        var stored = Parse(body).GetProperty("mcp_discovery");
        Assert.Equal(["echo", "get-env", "sum"], stored.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("""{"type":"object"}""", stored.GetProperty("tools")[0].GetProperty("input_schema").GetString());
        Assert.Equal(("fake-everything", "1.2.3", "2025-06-18"), (stored.GetProperty("server").GetProperty("name").GetString(),
            stored.GetProperty("server").GetProperty("version").GetString(), stored.GetProperty("server").GetProperty("protocol_version").GetString()));
        Assert.Equal("2026-03-01T12:00:00Z", stored.GetProperty("last_discovered_at").GetString());
        Assert.False(stored.TryGetProperty("last_discovery_error", out _));
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_McpFields_OnlyProvidedChangeAndNullClears()
    {
        await CreateMcpAsync(extra: new { mcp_tool_allowlist = new[] { "echo" }, mcp_tool_denylist = new[] { "sum" }, mcp_max_tools_exposed = 3,
            mcp_subject_tool_policies = new Dictionary<string, object> { ["bob"] = new { denylist = new[] { "echo" } } } });

        var (status, body, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/linear",
            rawBody: """{"mcp_tool_allowlist":null,"mcp_tool_denylist":["b","a","a"],"mcp_subject_tool_policies":{}}""");

        Assert.Equal(200, status);
        var view = Parse(body);
        var policy = view.GetProperty("mcp_tool_policy");
        Assert.Equal([], Strings(policy.GetProperty("allowlist")));
        Assert.Equal(["a", "b"], Strings(policy.GetProperty("denylist")));
        Assert.Equal(3, policy.GetProperty("max_tools_exposed").GetInt32());
        Assert.Empty(view.GetProperty("mcp_subject_tool_policies").EnumerateObject());
        Assert.Equal("/", view.GetProperty("mcp_endpoint").GetString());
    }

    [Fact]
    public async Task Patch_MaxToolsZero_NoLimit()
    {
        await CreateMcpAsync(extra: new { mcp_max_tools_exposed = 3 });

        var (_, body, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/linear", new { mcp_max_tools_exposed = 0 });

        Assert.Equal(0, Parse(body).GetProperty("mcp_tool_policy").GetProperty("max_tools_exposed").GetInt32());
        Assert.Null((await _host.Store.Connections.GetAsync("linear"))!.McpToolPolicy!.MaxToolsExposed);
    }

    [Fact]
    public async Task Patch_McpFieldOnHttpConnection_400()
    {
        await _host.CreateAsync(new { id = "plain", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, body, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/plain", new { mcp_tool_denylist = new[] { "x" } });

        Assert.Equal(400, status);
        Assert.Contains("only allowed on connections with protocol mcp", Parse(body).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_InvalidEndpoint_400AndNothingChanged()
    {
        await CreateMcpAsync(extra: new { mcp_endpoint = "/mcp" });

        var (status, _, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/linear", new { mcp_endpoint = "/../x" });

        Assert.Equal(400, status);
        Assert.Equal("/mcp", (await _host.Store.Connections.GetAsync("linear"))!.McpEndpoint);
    }

    [Fact]
    public async Task Patch_EndpointChanged_OldDiscoveryDroppedAndTheNewServerDiscovered()
    {
        await CreateMcpAsync(extra: new { mcp_endpoint = "/mcp" });
        await _host.PrewarmOf("linear");
        _upstream.Tools = FakeMcpUpstream.Named("only-on-v2");

        var (status, _, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/linear", new { mcp_endpoint = "/v2/mcp" });
        await _host.PrewarmOf("linear");

        Assert.Equal(200, status);
        var stored = (await _host.Store.Connections.GetAsync("linear"))!;
        Assert.Equal(["only-on-v2"], stored.McpDiscovery!.Tools.Select(t => t.Name));
        Assert.Equal("https://mcp.linear.example/v2/mcp", _upstream.Discoveries.Last().Endpoint.AbsoluteUri);
    }

    [Fact]
    public async Task Patch_PolicyOnly_DiscoveryKeptAndNotRepeated()
    {
        await CreateMcpAsync();
        await _host.PrewarmOf("linear");

        await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/linear", new { mcp_tool_denylist = new[] { "echo" } });
        await _host.PrewarmOf("linear");

        Assert.Single(_upstream.Discoveries);
        Assert.NotNull((await _host.Store.Connections.GetAsync("linear"))!.McpDiscovery);
    }

    [Fact]
    public async Task Discover_DefaultForce_AsksTheServerAndAnswersTheStoredDiscovery()
    {
        await CreateMcpAsync();
        await _host.PrewarmOf("linear");
        _upstream.Tools = FakeMcpUpstream.Named("echo", "new-tool");

        var (status, body, response) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/linear/discover");

        Assert.Equal(200, status);
        Assert.Equal("refreshed", response.Headers.GetValues(McpDiscoverySource.Header).Single());
        Assert.Equal(["echo", "new-tool"], Parse(body).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(2, _upstream.Discoveries.Count);
        Assert.Equal(["echo", "new-tool"], (await _host.Store.Connections.GetAsync("linear"))!.McpDiscovery!.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task Discover_AutoWithinTtl_CacheHitWithoutAskingTheServer()
    {
        await CreateMcpAsync();
        await _host.PrewarmOf("linear");

        var (status, _, response) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/linear/discover?refresh=if_stale");

        Assert.Equal(200, status);
        Assert.Equal("cache_hit", response.Headers.GetValues(McpDiscoverySource.Header).Single());
        Assert.Single(_upstream.Discoveries);
    }

    [Fact]
    public async Task Discover_BadRefreshMode_400InvalidRefreshMode()
    {
        await CreateMcpAsync();

        var (status, body, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/linear/discover?refresh=sometimes");

        Assert.Equal(400, status);
        Assert.Equal(ErrorCatalogue.InvalidRefreshMode, Parse(body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Discover_HttpConnection_400()
    {
        await _host.CreateAsync(new { id = "plain", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, body, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/plain/discover");

        Assert.Equal(400, status);
        Assert.Contains("not an MCP connection", Parse(body).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_upstream.Discoveries);
    }

    [Fact]
    public async Task Discover_UnknownConnection_404()
    {
        var (status, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/nope/discover");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Discover_ServerFails_502AndTheErrorStoredWithTheLastTools()
    {
        await CreateMcpAsync();
        await _host.PrewarmOf("linear");
        _upstream.Tools = null;

        var (status, body, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/linear/discover");

        Assert.Equal(502, status);
        Assert.Equal(ErrorCatalogue.McpDiscoveryFailed, Parse(body).GetProperty("code").GetString());
        var stored = (await _host.Store.Connections.GetAsync("linear"))!.McpDiscovery!;
        Assert.Equal(3, stored.Tools.Count);
        Assert.Equal(_upstream.DiscoveryError.Message, stored.LastDiscoveryError);
    }

    [Fact]
    public async Task Discover_CredentialVariable_TheVariablesValueIsSent()
    {
        (await _host.Client.PostAsJsonAsync("/api/admin/credential-variables", new { key = "LINEAR_KEY", value = "lin_api_from_variable_123" })).EnsureSuccessStatusCode();
        await _host.CreateAsync(new
        {
            id = "linear", protocol = "mcp", base_url = "https://mcp.linear.example", auth_mode = "header_key", auth_header_name = "X-Api-Key",
            auth_secret_key = "token", secrets = new { token = "{{LINEAR_KEY}}" },
        });
        await _host.PrewarmOf("linear");

        Assert.Equal("X-Api-Key: lin_api_from_variable_123", _upstream.Discoveries.Single().Header);
    }

    [Fact]
    public async Task Discover_QueryParamMode_CredentialOnTheTargetNotInTheEndpoint()
    {
        await _host.CreateAsync(new
        {
            id = "typefully", protocol = "mcp", base_url = "https://mcp.typefully.example", mcp_endpoint = "/mcp?TYPEFULLY_API_KEY={{__API_KEY__}}",
            auth_mode = "query_param", auth_header_name = "TYPEFULLY_API_KEY", auth_secret_key = "key", secrets = new { key = "tf-secret-value-42" },
        });
        await _host.PrewarmOf("typefully");

        var discovery = _upstream.Discoveries.Single();
        Assert.Equal("TYPEFULLY_API_KEY=tf-secret-value-42", discovery.QueryParameter);
        Assert.Null(discovery.Header);
        Assert.DoesNotContain("tf-secret", discovery.Endpoint.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolver_McpConnectionOnTheProxyPath_400UseMcp()
    {
        await CreateMcpAsync();

        using var prepared = await _host.Resolver.PrepareAsync("linear", CancellationToken.None);

        Assert.Equal(400, prepared.Error!.Status);
        Assert.Contains("use /mcp/linear/tools", prepared.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_McpConnection_SubjectPoliciesEmptyObjectWhenNone()
    {
        await CreateMcpAsync();

        var (_, body, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/linear");

        Assert.Equal(JsonValueKind.Object, Parse(body).GetProperty("mcp_subject_tool_policies").ValueKind);
        Assert.Equal(ConnectionValues.ProtocolMcp, (await _host.Store.Connections.GetAsync("linear"))!.Protocol);
    }
}
