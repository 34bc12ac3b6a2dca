using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

public sealed class CredentialVariableTests : IAsyncLifetime
{
    private const string Value = "var-canary-value-7a6b5c4d";
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    [Fact]
    public async Task Upsert_SubjectHeader_OverridesBodyAndValueNeverReturned()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/credential-variables")
        {
            Content = new StringContent($$"""{"key":"OPENAI_KEY","value":"{{Value}}","created_by_subject":"body-subject"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("sigilum-subject", "header-subject");

        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var json = Parse(text);
        Assert.Equal(("OPENAI_KEY", "header-subject"), (json.GetProperty("key").GetString(), json.GetProperty("created_by_subject").GetString()));
        Assert.False(json.TryGetProperty("value", out _));
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_Twice_CreatedAtKeptUpdatedAtMoves()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "K1", value = Value, created_by_subject = "alice" });
        _host.Clock.Advance(TimeSpan.FromHours(2));
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "K1", value = Value + "2" });

        var (status, text, _) = await _host.SendAsync(HttpMethod.Get, "/api/admin/credential-variables");

        Assert.Equal(200, status);
        var variable = Assert.Single(Parse(text).GetProperty("variables").EnumerateArray());
        Assert.Equal(("K1", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"),
            (variable.GetProperty("key").GetString(), variable.GetProperty("created_at").GetString(), variable.GetProperty("updated_at").GetString()));
        Assert.False(variable.TryGetProperty("value", out _));
        Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_DeletedThen404()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "K1", value = Value });

        var (status, text, _) = await _host.SendAsync(HttpMethod.Delete, "/api/admin/credential-variables/K1");
        Assert.Equal(200, status);
        var json = Parse(text);
        Assert.Equal((true, "K1"), (json.GetProperty("deleted").GetBoolean(), json.GetProperty("key").GetString()));

        var (again, body, _) = await _host.SendAsync(HttpMethod.Delete, "/api/admin/credential-variables/K1");
        Assert.Equal(404, again);
        Assert.Equal(ErrorCatalogue.CredentialVariableNotFound, Parse(body).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"key":"A","value":"v"}""", "key must be")]
    [InlineData("""{"key":"has space","value":"v"}""", "key must be")]
    [InlineData("""{"value":"v"}""", "key must be")]
    [InlineData("""{"key":"OK_KEY"}""", "value is required")]
    [InlineData("""{"key":"OK_KEY","value":"   "}""", "value is required")]
    public async Task Upsert_Invalid_400WithReason(string body, string reason)
    {
        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", rawBody: body);

        Assert.Equal(400, status);
        Assert.Contains(reason, Parse(text).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_ValueOver16KiB_400AndAt16KiBAccepted()
    {
        var (tooLong, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "BIG", value = new string('x', 16 * 1024 + 1) });
        var (exact, _, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "BIG", value = new string('x', 16 * 1024) });

        Assert.Equal((400, 200), (tooLong, exact));
    }

    [Fact]
    public async Task Variable_SealedValueMovedToAnotherKey_DoesNotOpen()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "REAL", value = Value });
        var sealedValue = (await _host.Store.Connections.GetVariableAsync("REAL"))!.SealedValue;
        await _host.Store.Connections.UpsertVariableAsync(new Core.Connections.CredentialVariableRecord
        {
            Key = "COPY", SealedValue = sealedValue, CreatedAt = ConnectionsHarness.T0, UpdatedAt = ConnectionsHarness.T0,
        });
        await _host.CreateAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "{{COPY}}" } });

        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal((500, ErrorCatalogue.ConnectionSecretUnreadable), (resolution.Error!.Status, resolution.Error.Code));
    }
}
