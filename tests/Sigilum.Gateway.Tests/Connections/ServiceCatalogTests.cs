using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

public sealed class ServiceCatalogTests : IAsyncLifetime
{
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string CatalogFile => Path.Combine(_host.Directory.Path, "service-catalog.json");

    private async Task<JsonObject> GetAsync()
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/service-catalog");
        Assert.Equal(200, status);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonObject Service(JsonObject catalog, string key) =>
        catalog["services"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string?)s["key"] == key);

    [Fact]
    public void Defaults_BuiltIn_Valid()
    {
        Assert.Null(ServiceCatalog.Validate(ServiceCatalog.Defaults()));
    }

    [Fact]
    public async Task Get_FirstTime_WritesDefaultsFileWithTheKnownProviders()
    {
        Assert.False(File.Exists(CatalogFile));

        var catalog = await GetAsync();

        Assert.True(File.Exists(CatalogFile));
        Assert.Equal("v1", (string?)catalog["version"]);
        Assert.Equal(("sigilum-secure-openai", "bearer"), ((string?)Service(catalog, "openai")["connection_id"], (string?)Service(catalog, "openai")["auth_mode"]));
        Assert.Equal(("header_key", "x-api-key"), ((string?)Service(catalog, "claude")["auth_mode"], (string?)Service(catalog, "claude")["auth_header_name"]));
        Assert.Equal("2023-06-01", (string?)Service(catalog, "claude")["default_test_headers"]!["anthropic-version"]);
        Assert.Equal("x-goog-api-key", (string?)Service(catalog, "gemini")["auth_header_name"]);
        Assert.Equal("slack-proxy", (string?)Service(catalog, "slack")["connection_id"]);
        Assert.Equal("Bot ", (string?)Service(catalog, "discord")["auth_prefix"]);
        Assert.Equal("X-Telegram-Bot-Token", (string?)Service(catalog, "telegram")["auth_header_name"]);
        Assert.Equal("X-Subscription-Token", (string?)Service(catalog, "brave-search")["auth_header_name"]);
        Assert.Equal("2022-06-28", (string?)Service(catalog, "notion")["default_test_headers"]!["Notion-Version"]);
        Assert.Equal("sigilum-secure-linear", (string?)Service(catalog, "linear")["connection_id"]);
        Assert.Equal("sigilum-secure-github", (string?)Service(catalog, "github")["connection_id"]);
        Assert.All(catalog["services"]!.AsArray(), s => Assert.NotEmpty(s!["credential_fields"]!.AsArray()));
    }

    [Fact]
    public async Task Put_Valid_SavedAtomicallyAndServedBack()
    {
        var catalog = await GetAsync();
        Service(catalog, "openai")["label"] = "OpenAI (team)";

        var (status, _, _) = await _host.SendAsync(HttpMethod.Put, "/api/admin/service-catalog", rawBody: catalog.ToJsonString());

        Assert.Equal(200, status);
        Assert.Equal("OpenAI (team)", (string?)Service(await GetAsync(), "openai")["label"]);
        Assert.Equal("OpenAI (team)", (string?)Service(JsonNode.Parse(await File.ReadAllTextAsync(CatalogFile))!.AsObject(), "openai")["label"]);
        Assert.Empty(Directory.GetFiles(_host.Directory.Path, "*.tmp"));
    }

    [Fact]
    public async Task Put_UnknownFields_KeptOnRoundTrip()
    {
        var catalog = await GetAsync();
        Service(catalog, "openai")["future_field"] = "kept";

        await _host.SendAsync(HttpMethod.Put, "/api/admin/service-catalog", rawBody: catalog.ToJsonString());

        Assert.Equal("kept", (string?)Service(await GetAsync(), "openai")["future_field"]);
    }

    public static TheoryData<string, string> Spoilers => new()
    {
        { "version", "version" },
        { "duplicate-key", "used twice" },
        { "duplicate-id", "used twice" },
        { "no-fields", "credential_fields is required" },
        { "secret-key", "auth_secret_key must name one of its credential_fields" },
        { "base-url", "base_url" },
        { "auth-mode", "auth_mode" },
        { "bad-id", "connection_id" },
    };

    [Theory]
    [MemberData(nameof(Spoilers))]
    public async Task Put_Invalid_400AndFileUnchanged(string spoiler, string reason)
    {
        var catalog = await GetAsync();
        var before = await File.ReadAllTextAsync(CatalogFile);
        var openai = Service(catalog, "openai");
        switch (spoiler)
        {
            case "version": catalog["version"] = "v2"; break;
            case "duplicate-key": Service(catalog, "claude")["key"] = "openai"; break;
            case "duplicate-id": Service(catalog, "claude")["connection_id"] = "sigilum-secure-openai"; break;
            case "no-fields": openai["credential_fields"] = new JsonArray(); break;
            case "secret-key": openai["auth_secret_key"] = "missing"; break;
            case "base-url": openai["base_url"] = "ftp://x"; break;
            case "auth-mode": openai["auth_mode"] = "basic"; break;
            case "bad-id": openai["connection_id"] = "Bad Id"; break;
        }

        var (status, text, _) = await _host.SendAsync(HttpMethod.Put, "/api/admin/service-catalog", rawBody: catalog.ToJsonString());

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(ErrorCatalogue.ServiceCatalogInvalid, error.GetProperty("code").GetString());
        Assert.Contains(reason, error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(CatalogFile));
    }

    [Fact]
    public async Task Get_CorruptFile_400AndFileNotReplaced()
    {
        await File.WriteAllTextAsync(CatalogFile, "{not json");

        var (status, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/service-catalog");

        Assert.Equal(400, status);
        Assert.Contains("fix or delete it", text, StringComparison.Ordinal);
        Assert.Equal("{not json", await File.ReadAllTextAsync(CatalogFile));
    }
}
