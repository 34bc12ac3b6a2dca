using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// A control plane on a fake clock whose dispatcher the test drives (<see cref="RunDueAsync"/>), which can
/// be restarted on the same SQLite file and master key. Signed requests use the same fake clock, so the
/// clock can move by hours without signatures going stale.
/// </summary>
public sealed class WebhookHarness : IAsyncDisposable
{
    private readonly ControlPlaneOptions _options;
    private readonly List<IDisposable> _owned = [];

    private WebhookHarness(ControlPlaneOptions options) => _options = options;

    // Whole seconds: the store keeps milliseconds, and the tests compare instants exactly.
    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

    public ControlPlaneHost Host { get; private set; } = null!;

    public string DatabasePath => _options.SqlitePath!;

    internal WebhookDispatcher Dispatcher => Host.Services.GetRequiredService<WebhookDispatcher>();

    public static async Task<WebhookHarness> StartAsync(Action<WebhookOptions>? configure = null)
    {
        var dir = new TempDirectory();
        var options = new ControlPlaneOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(dir.Path, "sigilum.db") };
        options.Webhooks.AllowPrivateTargets = true;
        options.Webhooks.DispatcherEnabled = false;
        configure?.Invoke(options.Webhooks);
        var harness = new WebhookHarness(options);
        harness._owned.Add(dir);
        harness.Host = await ControlPlaneHost.StartAsync(options, harness.Time);
        return harness;
    }

    /// <summary>Stops the host and starts a new one on the same database file and master key.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        Host = await ControlPlaneHost.StartAsync(_options, Time);
    }

    /// <summary>A second instance on the same database and master key (as behind a load balancer); the caller disposes it.</summary>
    public Task<ControlPlaneHost> StartAnotherInstanceAsync() => ControlPlaneHost.StartAsync(_options, Time);

    /// <summary>One dispatcher round at the fake clock's current time.</summary>
    public Task<int> RunDueAsync() => Dispatcher.RunDueAsync();

    public HttpClient Owner(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _owned.Add(client);
        return client;
    }

    public SigningIdentity NewIdentity(string ns)
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, Time));
        _owned.Add(identity);
        return identity;
    }

    public HttpClient Signed(SigningIdentity identity)
    {
        var handler = new SigilumSigningHandler(identity, new SigilumSigningOptions { TimeProvider = Time }, new SocketsHttpHandler());
        var client = new HttpClient(handler) { BaseAddress = new Uri(Host.BaseUrl + "/") };
        _owned.Add(client);
        return client;
    }

    /// <summary>Registers <paramref name="ns"/>, creates service <paramref name="slug"/> with a key; returns the owner token and service key.</summary>
    public async Task<(string Token, string ServiceKey)> SetUpServiceAsync(string ns, string slug)
    {
        var signed = Signed(NewIdentity(ns));
        (await signed.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        var login = await signed.PostAsync("v1/auth/login", null);
        var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var owner = Owner(token);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services", new { slug })).EnsureSuccessStatusCode();
        var key = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services/{slug}/keys", new { name = "test" });
        return (token, (await key.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
    }

    /// <summary>Creates a webhook; returns its id and secret.</summary>
    public async Task<(string Id, string Secret)> CreateWebhookAsync(string token, string ns, string slug, string url, string[]? events = null)
    {
        var response = await Owner(token).PostAsJsonAsync($"v1/namespaces/{ns}/services/{slug}/webhooks", new { url, events });
        var created = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>A new agent of <paramref name="ns"/> files a claim; returns the claim id.</summary>
    public async Task<string> SubmitClaimAsync(string ns, string serviceKey, string service)
    {
        var agent = NewIdentity(ns);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = ns, public_key = agent.AgentKeyHeader, service, nonce = Guid.NewGuid().ToString("N"), agent_name = "test-agent" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        var response = await Signed(agent).SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
    }

    public async Task<JsonElement> DeliveriesAsync(string token, string ns, string slug, string webhookId) =>
        (await Owner(token).GetFromJsonAsync<JsonElement>($"v1/namespaces/{ns}/services/{slug}/webhooks/{webhookId}/deliveries")).GetProperty("deliveries");

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }
}
