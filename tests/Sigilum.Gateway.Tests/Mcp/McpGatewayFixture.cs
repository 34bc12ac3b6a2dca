using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The whole loop for the MCP routes, shared by the tests of one class: a real control plane and gateway host
/// (<see cref="GatewayStack"/>), the real MCP reference server behind an authenticating front that wants the connection's
/// credential, and MCP connections (each a service in the control plane) whose approvals for one agent have reached the gateway.
/// </summary>
public sealed class McpGatewayFixture : IAsyncLifetime
{
    public const string Connection = "everything";
    public const string Secret = "sk-mcp-e2e-SECRET-7f6e5d4c3b2a";

    /// <summary>Tool calls per connection and namespace per minute in this fixture (the rate-limit test uses its own connection).</summary>
    public const int RateLimit = 10;

    private readonly List<IAsyncDisposable> _owned = [];

    internal GatewayStack Stack { get; private set; } = null!;

    public McpReferenceServer Server { get; private set; } = null!;

    public AuthenticatingMcpFront Front { get; private set; } = null!;

    internal SigningIdentity Agent { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await GatewayStack.StartAsync(context => context.Response.WriteAsync("echo"), configure: options => options.Mcp.ToolCallRateLimitPerMinute = RateLimit);
        Server = await McpReferenceServer.StartAsync();
        Front = await StartFrontAsync();
        Admin = Stack.AdminClient();
        Agent = Stack.NewAgent();
        Client = Stack.AgentClient(Agent);
        await AddConnectionAsync(Connection, Front);
        await ApproveAsync(Agent, Connection);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        await Stack.DisposeAsync();
        // The node process would outlive the test host otherwise.
        await Server.DisposeAsync();
    }

    /// <summary>Another front before the same server, wanting the same credential (owned by the fixture).</summary>
    public async Task<AuthenticatingMcpFront> StartFrontAsync()
    {
        var front = await AuthenticatingMcpFront.StartWithHeaderAsync(Server.BaseUrl, "Authorization", "Bearer " + Secret);
        _owned.Add(front);
        return front;
    }

    /// <summary>An MCP connection to <paramref name="front"/>'s <c>/mcp</c> with a bearer credential, and its service in the control plane.</summary>
    public async Task AddConnectionAsync(string id, AuthenticatingMcpFront front, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = id, ["protocol"] = "mcp", ["base_url"] = front.BaseUrl.ToString().TrimEnd('/'), ["mcp_endpoint"] = "/mcp",
            ["auth_mode"] = "bearer", ["auth_secret_key"] = "token", ["secrets"] = new { token = Secret },
        };
        foreach (var property in JsonSerializer.SerializeToElement(extra ?? new { }).EnumerateObject())
        {
            body[property.Name] = property.Value;
        }
        using (var created = await Admin.PostAsJsonAsync("api/admin/connections", body))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        var serviceKey = await Stack.ControlPlane.CreateServiceAsync(Stack.OwnerToken, GatewayStack.Namespace, id);
        (await Admin.PutAsJsonAsync($"api/admin/service-api-keys/{id}", new { key = serviceKey })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The agent asks (filing a pending claim), the owner approves, and the approval reaches the gateway (a list no longer
    /// answers 403); returns the claim id.
    /// </summary>
    internal async Task<string> ApproveAsync(SigningIdentity agent, string connection)
    {
        var client = Stack.AgentClient(agent);
        using (var first = await client.GetAsync($"mcp/{connection}/tools"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        }
        // Picked by service too: the agent may have other pending claims (another test asked for an http connection).
        using var owner = Stack.ControlPlane.OwnerClient(Stack.OwnerToken);
        var claims = await owner.GetFromJsonAsync<JsonElement>($"v1/namespaces/{GatewayStack.Namespace}/claims?status=pending");
        var claimId = claims.GetProperty("claims").EnumerateArray()
            .Single(c => c.GetProperty("public_key").GetString() == agent.AgentKeyHeader && c.GetProperty("service").GetString() == connection)
            .GetProperty("claim_id").GetString()!;
        await Stack.ControlPlane.ApproveAsync(Stack.OwnerToken, claimId);
        for (var attempt = 0; ; attempt++)
        {
            // Anything but the claim-required 403 means the approval is in effect (an http connection then answers 400).
            using var response = await client.GetAsync($"mcp/{connection}/tools");
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                return claimId;
            }
            Assert.True(attempt < 400, "the approval did not reach the gateway: " + await response.Content.ReadAsStringAsync());
            await Task.Delay(10);
        }
    }

    /// <summary>PATCHes the connection (policy edits apply to the next request: the row cache is invalidated).</summary>
    public async Task PatchAsync(string connection, object patch)
    {
        using var response = await Admin.PatchAsync($"api/admin/connections/{connection}", JsonContent.Create(patch));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Clears every tool policy of <see cref="Connection"/>.</summary>
    public Task ResetPolicyAsync() =>
        PatchAsync(Connection, new Dictionary<string, object?>
        {
            ["mcp_tool_allowlist"] = null, ["mcp_tool_denylist"] = null, ["mcp_max_tools_exposed"] = null, ["mcp_subject_tool_policies"] = null,
        });

    /// <summary>A signed call of <paramref name="tool"/> with <paramref name="body"/> as the raw JSON body.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> CallAsync(string tool, string body = """{"arguments":{"message":"hi"}}""", string connection = Connection, HttpClient? client = null)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await (client ?? Client).PostAsync($"mcp/{connection}/tools/{Uri.EscapeDataString(tool)}/call", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Client).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default, response);
    }
}
