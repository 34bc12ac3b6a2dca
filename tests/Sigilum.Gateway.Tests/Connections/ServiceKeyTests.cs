using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.Gateway.Connections;

public sealed class ServiceKeyTests : IAsyncLifetime
{
    private const string Key = "sk_live_servicekey_0123456789abcdef0123";
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IServiceKeyProvider Provider => _host.Services.GetRequiredService<IServiceKeyProvider>();

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    [Fact]
    public async Task Put_ThenGet_PrefixOnlyAndProviderFindsIt()
    {
        var (putStatus, putText, _) = await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/openai", new { key = "  " + Key + "\n" });
        var (getStatus, getText, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/service-api-keys/openai");

        Assert.Equal((200, 200), (putStatus, getStatus));
        var json = Parse(getText);
        Assert.Equal(("openai", true, "sk_live_...", "store"),
            (json.GetProperty("connection_id").GetString(), json.GetProperty("has_key").GetBoolean(), json.GetProperty("key_prefix").GetString(), json.GetProperty("source").GetString()));
        Assert.DoesNotContain(Key, putText + getText, StringComparison.Ordinal);
        Assert.Equal(Key, Provider.Find("openai"));
    }

    [Fact]
    public async Task Get_NoKey_HasKeyFalse()
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/service-api-keys/github");

        Assert.Equal(200, status);
        Assert.False(Parse(text).GetProperty("has_key").GetBoolean());
        Assert.Null(Provider.Find("github"));
    }

    [Fact]
    public async Task Find_EnvironmentOverride_WinsOverStoredKey()
    {
        await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/sigilum-secure-openai", new { key = Key });
        _host.Environment["SIGILUM_SERVICE_API_KEY_SIGILUM_SECURE_OPENAI"] = " from-env-key ";

        Assert.Equal("from-env-key", Provider.Find("sigilum-secure-openai"));
        Assert.Equal("env", Parse((await _host.SendAsync(HttpMethod.Get, "/api/admin/service-api-keys/sigilum-secure-openai")).Body).GetProperty("source").GetString());
    }

    [Fact]
    public async Task Find_NothingSpecific_FallsBackToDefaultVariable()
    {
        _host.Environment["SIGILUM_SERVICE_API_KEY"] = "default-key";

        Assert.Equal("default-key", Provider.Find("anything"));
        await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/anything", new { key = Key });
        Assert.Equal(Key, Provider.Find("anything"));
    }

    [Theory]
    [InlineData("slack-proxy", "SLACK_PROXY")]
    [InlineData("sigilum-secure-openai", "SIGILUM_SECURE_OPENAI")]
    [InlineData("a..b__c", "A_B_C")]
    [InlineData("--x--", "X")]
    [InlineData("---", "DEFAULT")]
    [InlineData("Mixed.Case9", "MIXED_CASE9")]
    public void Suffix_ConnectionId_SpecRule(string id, string suffix)
    {
        Assert.Equal(suffix, ServiceKeyProvider.Suffix(id));
    }

    [Theory]
    [InlineData("sk_live_0123456789abcdef0123456789abcdef", "sk_live_...")]
    [InlineData("short-key-1234", "sho...")]
    [InlineData("abc", "...")]
    public void KeyPrefix_Key_ShowsAtMostAQuarterOrEight(string key, string prefix)
    {
        Assert.Equal(prefix, ConnectionService.KeyPrefix(key));
    }

    [Fact]
    public async Task Find_KeySetOnAnotherInstance_SeenAfterReload()
    {
        await using var other = await ConnectionsHarness.StartAsync(directory: _host.Directory,
            masterKey: Convert.FromBase64String(_host.Environment["SIGILUM_MASTER_KEY"]));
        await other.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/linear", new { key = Key });
        Assert.Null(Provider.Find("linear"));

        await _host.Services.GetRequiredService<ServiceKeyProvider>().ReloadAsync(_host.Store.Connections, CancellationToken.None);

        Assert.Equal(Key, Provider.Find("linear"));
    }

    [Fact]
    public async Task Find_SealedKeyCopiedToAnotherConnection_DoesNotOpen()
    {
        await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/openai", new { key = Key });
        var sealedKey = (await _host.Store.Connections.GetServiceKeyAsync("openai"))!.SealedKey;
        await _host.Store.Connections.SetServiceKeyAsync(new Core.Connections.ServiceKeyRecord { ConnectionId = "github", SealedKey = sealedKey, UpdatedAt = ConnectionsHarness.T0 });

        await _host.Services.GetRequiredService<ServiceKeyProvider>().ReloadAsync(_host.Store.Connections, CancellationToken.None);

        Assert.Null(Provider.Find("github"));
        Assert.Equal(Key, Provider.Find("openai"));
    }

    [Theory]
    [InlineData("/api/admin/service-api-keys/openai", """{"key":""}""")]
    [InlineData("/api/admin/service-api-keys/openai", """{}""")]
    [InlineData("/api/admin/service-api-keys/openai", """{"key":"a\nb"}""")]
    [InlineData("/api/admin/service-api-keys/Bad%20Id", """{"key":"abc"}""")]
    public async Task Put_Invalid_400(string path, string body)
    {
        Assert.Equal(400, (await _host.SendAsync(HttpMethod.Put, path, rawBody: body)).Status);
    }
}
