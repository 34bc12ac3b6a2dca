using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Gateway.Hosting;
using Sigilum.OpenClaw.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.OpenClaw.Hooks;

/// <summary>
/// sigilum-plugin against a real Sigilum gateway (in-process, free loopback port): the connection list it puts into
/// SIGILUM.md is the one a loopback reader may see without the admin token (ADR 0020), and no secret comes with it.
/// </summary>
public sealed class RealGatewayListingTests : IAsyncLifetime
{
    private const string Secret = "sk-openclaw-hook-SECRET-8c1d";

    private readonly TempDirectory _data = new("sigilum-openclaw-gw-");
    private readonly HookSandbox _sandbox = new();
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var time = new FakeTimeProvider(1_796_000_000);
        _gateway = await GatewayHost.StartAsync(
            new GatewayOptions
            {
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data.Path,
                ControlPlaneUrl = new Uri("http://127.0.0.1:1"),
                ReportUsage = false,
            },
            IdentityRecord.Create("alice", time),
            time);
    }

    [Fact]
    public async Task Bootstrap_RealGatewayOnLoopback_ListsItsActiveConnectionsWithoutAdminToken()
    {
        await CreateConnectionAsync("openai", "OpenAI");
        await CreateConnectionAsync("linear", "Linear");
        await DisableAsync("linear");

        var run = await _sandbox.RunAsync("sigilum-plugin", PluginBootstrapTests.BootstrapEvent("agent:main:main", _gateway!.BaseUrl));

        var text = run.BootstrapFiles.Single(f => f!["name"]!.GetValue<string>() == "SIGILUM.md")!["content"]!.GetValue<string>();
        Assert.Contains("Active connections on the gateway (connection id: name, protocol):\n- openai: OpenAI, http\n\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("linear", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    private HttpClient Operator()
    {
        var client = new HttpClient { BaseAddress = new Uri(_gateway!.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Sigilum-Admin-Token", File.ReadAllText(Path.Combine(_data.Path, "admin.token")).Trim());
        return client;
    }

    private async Task CreateConnectionAsync(string id, string name)
    {
        using var client = Operator();
        var body = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["base_url"] = "https://" + id + ".example",
            ["auth_secret_key"] = "api_key",
            ["secrets"] = new JsonObject { ["api_key"] = Secret },
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/admin/connections", UriKind.Relative), content);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task DisableAsync(string id)
    {
        using var client = Operator();
        using var content = new StringContent("""{"status":"disabled"}""", Encoding.UTF8, "application/json");
        using var response = await client.PatchAsync(new Uri("/api/admin/connections/" + id, UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        _sandbox.Dispose();
        _data.Dispose();
    }
}
