using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>The owner's webhook API with the SSRF guard on (the production default).</summary>
public sealed class WebhookEndpointsTests : IAsyncLifetime
{
    private const string PublicUrl = "https://93.184.215.14/hooks/sigilum";
    private ControlPlaneFixture _cp = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync(o => o.Webhooks.DispatcherEnabled = false);
        var (_, token) = await _cp.RegisterOwnerAsync("alice");
        await _cp.CreateServiceAsync(token, "alice", "openai");
        _owner = _cp.PlainClient(token);
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task Create_WithoutSecret_GeneratesOneShownOnlyOnce()
    {
        var response = await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(5, created.GetProperty("events").GetArrayLength());
        Assert.True(created.GetProperty("active").GetBoolean());
        var list = await _owner.GetStringAsync("v1/namespaces/alice/services/openai/webhooks");
        Assert.Contains(created.GetProperty("id").GetString()!, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_GivenSecret_IsNotStoredInClear()
    {
        const string Secret = "canary-webhook-secret-7f3a9c";
        (await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl, secret = Secret })).EnsureSuccessStatusCode();

        Assert.NotEmpty(DatabaseFiles());
        foreach (var file in DatabaseFiles())
        {
            var bytes = await ReadSharedAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)));
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0x7f.1/hook")]
    [InlineData("http://2130706433/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task Create_NonPublicTarget_Returns400TargetNotAllowed(string url)
    {
        var response = await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("WEBHOOK_TARGET_NOT_ALLOWED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_HostThatDoesNotResolve_Returns400Unresolvable()
    {
        var response = await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = "https://no-such-host.invalid/hook" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("WEBHOOK_TARGET_UNRESOLVABLE", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("ftp://example.com/hook", null, null)]
    [InlineData("/relative", null, null)]
    [InlineData("https://user:pass@example.com/hook", null, null)]
    [InlineData(PublicUrl, "request.exploded", null)]
    [InlineData(PublicUrl, null, "too-short")]
    public async Task Create_InvalidInput_Returns400ValidationError(string url, string? badEvent, string? secret)
    {
        var response = await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks",
            new { url, events = badEvent is null ? null : new[] { badEvent }, secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_SixthActiveWebhook_Returns409LimitReached()
    {
        for (var i = 0; i < WebhookEndpoints.MaxActivePerService; i++)
        {
            (await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl })).EnsureSuccessStatusCode();
        }

        var response = await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("WEBHOOK_LIMIT_REACHED", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task OtherNamespacesWebhooks_AreInvisible()
    {
        var created = await (await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        var (_, bobToken) = await _cp.RegisterOwnerAsync("bobby");
        await _cp.CreateServiceAsync(bobToken, "bobby", "openai");
        var bob = _cp.PlainClient(bobToken);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("v1/namespaces/alice/services/openai/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"v1/namespaces/bobby/services/openai/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"v1/namespaces/bobby/services/openai/webhooks/{id}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task Delete_ExistingWebhook_RemovesIt()
    {
        var created = await (await _owner.PostAsJsonAsync("v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _owner.DeleteAsync($"v1/namespaces/alice/services/openai/webhooks/{id}")).StatusCode);

        var list = await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/services/openai/webhooks");
        Assert.Empty(list.GetProperty("webhooks").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _owner.DeleteAsync($"v1/namespaces/alice/services/openai/webhooks/{id}")).StatusCode);
    }

    /// <summary>The SQLite file with its WAL and shared-memory files.</summary>
    private string[] DatabaseFiles()
    {
        var path = _cp.Host.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.SqlitePath!;
        return Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*");
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
