using System.Text.Json;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Mcp;

/// <summary>The discovery cache of spec §3.10 (TTL 300 s, stale-if-error 3600 s) on a fake clock, through the admin discover route.</summary>
public sealed class McpDiscoveryCacheTests : IAsyncLifetime
{
    private readonly FakeMcpUpstream _upstream = new();
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync()
    {
        _host = await McpAdminHarness.StartAsync(_upstream);
        await _host.CreateAsync(new { id = "mcp", protocol = "mcp", base_url = "https://mcp.example", auth_secret_key = "k", secrets = new { k = "sk-cache-0123456789" } });
        await _host.PrewarmOf("mcp");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(int Status, string? Source, JsonElement Body)> DiscoverAsync(string mode)
    {
        var (status, body, response) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/mcp/discover?refresh=" + mode);
        var source = response.Headers.TryGetValues(McpDiscoverySource.Header, out var values) ? values.Single() : null;
        return (status, source, JsonDocument.Parse(body).RootElement.Clone());
    }

    [Fact]
    public async Task Auto_AtExactlyTheTtl_CacheHit()
    {
        _host.Clock.Advance(TimeSpan.FromSeconds(300));

        Assert.Equal((200, "cache_hit"), (await DiscoverAsync("auto")) is var r ? (r.Status, r.Source) : default);
        Assert.Single(_upstream.Discoveries);
    }

    [Fact]
    public async Task Auto_PastTheTtl_Refreshed()
    {
        _host.Clock.Advance(TimeSpan.FromSeconds(301));

        var (status, source, _) = await DiscoverAsync("auto");

        Assert.Equal((200, "refreshed"), (status, source));
        Assert.Equal(2, _upstream.Discoveries.Count);
        Assert.Equal(_host.Clock.GetUtcNow(), (await _host.Store.Connections.GetAsync("mcp"))!.McpDiscovery!.LastDiscoveredAt);
    }

    [Fact]
    public async Task Auto_PastTheTtlServerFailsWithinStaleIfError_StaleToolsAndTheErrorPersisted()
    {
        _host.Clock.Advance(TimeSpan.FromSeconds(300 + 3600));
        _upstream.Tools = null;

        var (status, source, body) = await DiscoverAsync("auto");

        Assert.Equal((200, "stale_if_error"), (status, source));
        Assert.Equal(3, body.GetProperty("tools").GetArrayLength());
        Assert.Equal(_upstream.DiscoveryError.Message, body.GetProperty("last_discovery_error").GetString());
        Assert.Equal(_upstream.DiscoveryError.Message, (await _host.Store.Connections.GetAsync("mcp"))!.McpDiscovery!.LastDiscoveryError);
    }

    [Fact]
    public async Task Auto_BeyondStaleIfErrorServerFails_502DiscoveryFailed()
    {
        _host.Clock.Advance(TimeSpan.FromSeconds(300 + 3600 + 1));
        _upstream.Tools = null;

        var (status, _, body) = await DiscoverAsync("auto");

        Assert.Equal(502, status);
        Assert.Equal(ErrorCatalogue.McpDiscoveryFailed, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Force_FreshListServerFails_502NoStaleFallback()
    {
        _upstream.Tools = null;

        var (status, _, body) = await DiscoverAsync("always");

        Assert.Equal(502, status);
        Assert.Equal(ErrorCatalogue.McpDiscoveryFailed, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Auto_StoredListEmpty_AsksTheServerEvenWithinTheTtl()
    {
        _upstream.Tools = [];
        await DiscoverAsync("force");
        _upstream.Tools = FakeMcpUpstream.Named("late");

        var (status, source, body) = await DiscoverAsync("auto");

        Assert.Equal((200, "refreshed"), (status, source));
        Assert.Equal("late", body.GetProperty("tools")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Refresh_AfterAFailure_ClearsTheStoredError()
    {
        _upstream.Tools = null;
        await DiscoverAsync("force");
        _upstream.Tools = FakeMcpUpstream.Named("echo");

        var (_, _, body) = await DiscoverAsync("force");

        Assert.False(body.TryGetProperty("last_discovery_error", out _));
        Assert.Null((await _host.Store.Connections.GetAsync("mcp"))!.McpDiscovery!.LastDiscoveryError);
    }

    [Fact]
    public async Task CircuitOpen_PassedThroughAs503()
    {
        _upstream.Tools = null;
        _upstream.DiscoveryError = new GatewayError(503, ErrorCatalogue.McpCircuitOpen, "MCP circuit open for this server; retry later");

        var (status, _, body) = await DiscoverAsync("force");

        Assert.Equal(503, status);
        Assert.Equal(ErrorCatalogue.McpCircuitOpen, body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("auto", false)]
    [InlineData("IF_STALE", false)]
    [InlineData("cache", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("force", true)]
    [InlineData("always", true)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData(" yes ", true)]
    public void Parse_Alias_Mode(string value, bool force)
    {
        var expected = force ? McpRefreshMode.Force : McpRefreshMode.Auto;
        Assert.Equal(expected, McpRefreshModes.Parse(value, force ? McpRefreshMode.Auto : McpRefreshMode.Force));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", true)]
    public void Parse_Absent_Fallback(string? value, bool force)
    {
        var fallback = force ? McpRefreshMode.Force : McpRefreshMode.Auto;
        Assert.Equal(fallback, McpRefreshModes.Parse(value, fallback));
    }

    [Fact]
    public void Parse_Unknown_Null() => Assert.Null(McpRefreshModes.Parse("sometimes", McpRefreshMode.Auto));
}
