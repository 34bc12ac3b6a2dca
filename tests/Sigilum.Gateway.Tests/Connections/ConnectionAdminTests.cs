using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

public sealed class ConnectionAdminTests : IAsyncLifetime
{
    private const string Secret = "sk-admin-canary-9f8e7d6c5b4a";
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    [Fact]
    public async Task Create_NameOnly_DefaultsAppliedAnd201()
    {
        var created = await _host.CreateAsync(new { name = "My OpenAI Key!", base_url = "https://api.openai.com///", auth_secret_key = "api_key", secrets = new { api_key = Secret, empty = "  " } });

        Assert.Equal("my-openai-key", created.GetProperty("id").GetString());
        Assert.Equal("My OpenAI Key!", created.GetProperty("name").GetString());
        Assert.Equal("http", created.GetProperty("protocol").GetString());
        Assert.Equal("https://api.openai.com", created.GetProperty("base_url").GetString());
        Assert.Equal("", created.GetProperty("path_prefix").GetString());
        Assert.Equal("bearer", created.GetProperty("auth_mode").GetString());
        Assert.Equal("Authorization", created.GetProperty("auth_header_name").GetString());
        Assert.Equal("Bearer ", created.GetProperty("auth_prefix").GetString());
        Assert.Equal(["api_key"], created.GetProperty("credential_keys").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(1, created.GetProperty("secret_version").GetInt32());
        Assert.Equal("2026-03-01T12:00:00Z", created.GetProperty("created_at").GetString());
        Assert.False(created.TryGetProperty("secrets", out _));
        Assert.False(created.TryGetProperty("next_rotation_due_at", out _));
    }

    [Fact]
    public async Task ADM_07_Create_WithServerSetFields_IgnoredServerSetsThem()
    {
        var created = await _host.CreateAsync(new
        {
            id = "m", base_url = "https://m.example", auth_secret_key = "k", secrets = new { k = Secret },
            secret_version = 99, last_rotated_at = "2000-01-01T00:00:00Z", created_at = "2000-01-01T00:00:00Z", rotated_by = "x", last_test_status = "pass",
        });

        Assert.Equal(1, created.GetProperty("secret_version").GetInt32());
        Assert.Equal("2026-03-01T12:00:00Z", created.GetProperty("created_at").GetString());
        Assert.False(created.TryGetProperty("last_rotated_at", out _));
        Assert.False(created.TryGetProperty("rotated_by", out _));
        Assert.False(created.TryGetProperty("last_test_status", out _));
    }

    [Fact]
    public async Task Create_QueryParamMode_HeaderNameDefaultsToApiKeyAndNoPrefix()
    {
        var created = await _host.CreateAsync(new { id = "q", base_url = "https://q.example", auth_mode = "query_param", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal(("api_key", ""), (created.GetProperty("auth_header_name").GetString(), created.GetProperty("auth_prefix").GetString()));
    }

    [Fact]
    public async Task Create_RotationInterval_DueIsNowPlusInterval()
    {
        var created = await _host.CreateAsync(new { id = "r", base_url = "https://a.example", rotation_interval_days = 30, auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal(30, created.GetProperty("rotation_interval_days").GetInt32());
        Assert.Equal("2026-03-31T12:00:00Z", created.GetProperty("next_rotation_due_at").GetString());
    }

    public static TheoryData<string, string> InvalidCreates => new()
    {
        { """{"base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v"}}""", "name is required" },
        { """{"id":"Bad Id","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v"}}""", "id must be" },
        { """{"id":"a","auth_secret_key":"k","secrets":{"k":"v"}}""", "base_url is required" },
        { """{"id":"a","base_url":"ftp://a.example","auth_secret_key":"k","secrets":{"k":"v"}}""", "base_url must be an absolute http or https URL" },
        { """{"id":"a","base_url":"not a url","auth_secret_key":"k","secrets":{"k":"v"}}""", "base_url must be an absolute http or https URL" },
        { """{"id":"a","base_url":"https://u:p@a.example","auth_secret_key":"k","secrets":{"k":"v"}}""", "user info" },
        { """{"id":"a","base_url":"https://a.example?x=1","auth_secret_key":"k","secrets":{"k":"v"}}""", "user info, a query" },
        { """{"id":"a","base_url":"https://a.example","path_prefix":"/v1/../admin","auth_secret_key":"k","secrets":{"k":"v"}}""", "path_prefix" },
        { """{"id":"a","base_url":"https://a.example","auth_mode":"basic","auth_secret_key":"k","secrets":{"k":"v"}}""", "auth_mode must be" },
        { """{"id":"a","base_url":"https://a.example","auth_mode":"header_key","auth_header_name":"Bad Header","auth_secret_key":"k","secrets":{"k":"v"}}""", "auth_header_name must be an HTTP header name" },
        { """{"id":"a","base_url":"https://a.example","auth_header_name":"Host","auth_secret_key":"k","secrets":{"k":"v"}}""", "cannot carry a credential" },
        { """{"id":"a","base_url":"https://a.example","auth_prefix":"Bearer\r\n","auth_secret_key":"k","secrets":{"k":"v"}}""", "auth_prefix" },
        { """{"id":"a","base_url":"https://a.example","status":"paused","auth_secret_key":"k","secrets":{"k":"v"}}""", "status must be" },
        { """{"id":"a","base_url":"https://a.example","rotation_interval_days":-1,"auth_secret_key":"k","secrets":{"k":"v"}}""", "rotation_interval_days" },
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"k"}""", "at least one secret is required" },
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"   "}}""", "at least one secret is required" },
        { """{"id":"a","base_url":"https://a.example","secrets":{"k":"v"}}""", "auth_secret_key is required" },
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"other","secrets":{"k":"v"}}""", "auth_secret_key \"other\" is not among the secrets" },
        { """{"id":"a","base_url":"https://a.example","auth_secret_key":"k","secrets":{"k":"v","bad key":"x"}}""", "secret names" },
        { """{"id":"a","base_url":"https://a.example","protocol":"grpc","auth_secret_key":"k","secrets":{"k":"v"}}""", "protocol must be http or mcp" },
        { """{"id":"a","base_url":"https://a.example","protocol":"ftp","auth_secret_key":"k","secrets":{"k":"v"}}""", "protocol must be" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_InvalidField_400WithReason(string body, string reason)
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", rawBody: body);

        Assert.Equal(400, status);
        var json = Parse(text);
        Assert.Contains(reason, json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(ErrorCatalogue.ConnectionInvalid, json.GetProperty("code").GetString());
        Assert.True(json.TryGetProperty("request_id", out _));
    }

    [Fact]
    public async Task Create_ExistingId_409()
    {
        await _host.CreateAsync(new { id = "dup", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", new { id = "dup", base_url = "https://b.example", auth_secret_key = "k", secrets = new { k = "x" } });

        Assert.Equal(409, status);
        Assert.Equal(ErrorCatalogue.ConnectionExists, Parse(text).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_MalformedJson_400InvalidJson()
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", rawBody: """{"id":"a","secrets":{"k":1}}""");

        Assert.Equal(400, status);
        Assert.Equal(ErrorCatalogue.InvalidJson, Parse(text).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_BodyOverLimit_413()
    {
        var (status, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", rawBody: "{\"name\":\"" + new string('a', 70 * 1024) + "\"}");

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task Get_UnknownAndKnown_404ThenConnection()
    {
        var (missing, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/nope");
        Assert.Equal(404, missing);
        Assert.Equal(ErrorCatalogue.ConnectionNotFound, Parse(text).GetProperty("code").GetString());

        await _host.CreateAsync(new { id = "known", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });
        var (found, body, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/known");
        Assert.Equal(200, found);
        Assert.Equal("known", Parse(body).GetProperty("id").GetString());
    }

    [Fact]
    public async Task List_TwoConnections_OrderedById()
    {
        await _host.CreateAsync(new { id = "zeta", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });
        await _host.CreateAsync(new { id = "alpha", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/connections");

        Assert.Equal(200, status);
        Assert.Equal(["alpha", "zeta"], Parse(text).GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Patch_ProvidedFieldsOnly_OthersKept()
    {
        await _host.CreateAsync(new { id = "p", name = "Before", base_url = "https://a.example", path_prefix = "/v1", auth_secret_key = "k", secrets = new { k = Secret } });
        _host.Clock.Advance(TimeSpan.FromHours(1));

        var (status, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { name = "After", status = "disabled" });

        Assert.Equal(200, status);
        var json = Parse(text);
        Assert.Equal(("After", "disabled", "/v1", "https://a.example"), (json.GetProperty("name").GetString(), json.GetProperty("status").GetString(), json.GetProperty("path_prefix").GetString(), json.GetProperty("base_url").GetString()));
        Assert.Equal("2026-03-01T13:00:00Z", json.GetProperty("updated_at").GetString());
    }

    [Fact]
    public async Task Patch_AuthModeChanged_HeaderAndPrefixResetToNewDefaults()
    {
        await _host.CreateAsync(new { id = "p", base_url = "https://a.example", auth_prefix = "Bot ", auth_secret_key = "k", secrets = new { k = Secret } });

        var (_, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { auth_mode = "query_param" });

        var json = Parse(text);
        Assert.Equal(("query_param", "api_key", ""), (json.GetProperty("auth_mode").GetString(), json.GetProperty("auth_header_name").GetString(), json.GetProperty("auth_prefix").GetString()));
    }

    [Fact]
    public async Task Patch_AuthModeChangedWithHeader_GivenHeaderKept()
    {
        await _host.CreateAsync(new { id = "p", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (_, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { auth_mode = "header_key", auth_header_name = "x-api-key" });

        var json = Parse(text);
        Assert.Equal(("header_key", "x-api-key", ""), (json.GetProperty("auth_mode").GetString(), json.GetProperty("auth_header_name").GetString(), json.GetProperty("auth_prefix").GetString()));
    }

    [Fact]
    public async Task Patch_AuthSecretKeyNotInCredentialKeys_400()
    {
        await _host.CreateAsync(new { id = "p", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret, other = "x" } });

        Assert.Equal(200, (await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { auth_secret_key = "other" })).Status);
        var (status, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { auth_secret_key = "missing" });
        Assert.Equal(400, status);
        Assert.Contains("credential_keys", Parse(text).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_Secrets_400PointingToRotate()
    {
        await _host.CreateAsync(new { id = "p", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { secrets = new { k = "new" } });

        Assert.Equal(400, status);
        Assert.Contains("rotate", Parse(text).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_Interval_DueRestartsFromNowAndZeroClears()
    {
        await _host.CreateAsync(new { id = "p", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });
        _host.Clock.Advance(TimeSpan.FromDays(1));

        var (_, text, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { rotation_interval_days = 7 });
        Assert.Equal("2026-03-09T12:00:00Z", Parse(text).GetProperty("next_rotation_due_at").GetString());

        var (_, cleared, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/p", new { rotation_interval_days = 0 });
        Assert.False(Parse(cleared).TryGetProperty("next_rotation_due_at", out _));
    }

    [Fact]
    public async Task Patch_Unknown_404()
    {
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/nope", new { name = "x" })).Status);
    }

    [Fact]
    public async Task Delete_Existing_204ThenGone()
    {
        await _host.CreateAsync(new { id = "d", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });

        var (status, body, _) = await _host.SendAsync(HttpMethod.Delete, "/api/admin/connections/d");

        Assert.Equal((204, ""), (status, body));
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/d")).Status);
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Delete, "/api/admin/connections/d")).Status);
        Assert.Empty(await _host.Store.Connections.ListSecretVersionsAsync("d"));
    }

    [Fact]
    public async Task EveryAdminResponseAndLog_NeverContainsTheSecret()
    {
        var responses = new List<string>();
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "SHARED", value = Secret + "-var" });
        responses.Add((await _host.CreateAsync(new { id = "s", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret, v = "{{SHARED}}" } })).GetRawText());
        responses.Add((await _host.SendAsync(HttpMethod.Get, "/api/admin/connections")).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Get, "/api/admin/connections/s")).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/s", new { name = "x" })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/s/rotate", new { secrets = new { k = Secret + "-2" } })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/s/rotate", new { secrets = new { k = Secret + "-2" } })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", new { id = "s", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Post, "/api/admin/connections", new { id = "t", base_url = "ftp://a", auth_secret_key = "k", secrets = new { k = Secret } })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Get, "/api/admin/credential-variables")).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/s", new { key = Secret + "-service-key-long" })).Body);
        responses.Add((await _host.SendAsync(HttpMethod.Get, "/api/admin/service-api-keys/s")).Body);
        using (var resolution = await _host.Resolver.ResolveAsync("s", CancellationToken.None))
        {
            Assert.True(resolution.Succeeded);
        }

        Assert.All(responses, r => Assert.DoesNotContain(Secret, r, StringComparison.Ordinal));
        Assert.NotEmpty(_host.Logs.Lines);
        Assert.DoesNotContain("sk-admin-canary", _host.Logs.All, StringComparison.Ordinal);
    }
}
