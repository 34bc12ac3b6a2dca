using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.Cli;

/// <summary>
/// A real control plane on a free loopback port over a temp SQLite file, on the CLI harness's clock (so the
/// CLI's signatures are fresh to it and expiry times are exact), plus what an agent does against it.
/// </summary>
internal sealed class TestControlPlane : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly TimeProvider _time;
    private readonly List<IDisposable> _owned = [];

    private TestControlPlane(ControlPlaneHost host, TempDirectory dir, TimeProvider time)
    {
        Host = host;
        _dir = dir;
        _time = time;
    }

    public ControlPlaneHost Host { get; }

    public string Url => Host.BaseUrl;

    public static async Task<TestControlPlane> StartAsync(TimeProvider time, Action<ControlPlaneOptions>? configure = null)
    {
        var dir = new TempDirectory("sigilum-cli-cp-");
        var options = new ControlPlaneOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(dir.Path, "sigilum.db") };
        // No webhook receivers in these tests: deliveries would only be retried in the background.
        options.Webhooks.DispatcherEnabled = false;
        configure?.Invoke(options);
        return new TestControlPlane(await ControlPlaneHost.StartAsync(options, time), dir, time);
    }

    /// <summary>The owner token the CLI stored in <paramref name="home"/> for this server.</summary>
    public string StoredToken(string home, string ns) =>
        new OwnerTokenStore(new SigilumPaths(home)).Find(new Uri(Url), ns)?.Token ?? throw new InvalidOperationException("The CLI stored no token.");

    /// <summary>Creates a service with an API key as the owner; returns the raw key.</summary>
    public async Task<string> CreateServiceAsync(string ownerToken, string ns, string slug)
    {
        using var owner = new HttpClient { BaseAddress = new Uri(Url + "/") };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services", new { slug, name = slug })).EnsureSuccessStatusCode();
        var key = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services/{slug}/keys", new { name = "test" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>A new agent key in <paramref name="ns"/> files a claim for <paramref name="service"/>, signed as the agent.</summary>
    public async Task<(string ClaimId, SigningIdentity Agent)> FileClaimAsync(string ns, string serviceKey, string service)
    {
        var agent = SigningIdentity.FromRecord(IdentityRecord.Create(ns, _time));
        _owned.Add(agent);
        using var client = new HttpClient(new SigilumSigningHandler(agent, new SigilumSigningOptions { TimeProvider = _time }, new SocketsHttpHandler()))
        {
            BaseAddress = new Uri(Url + "/"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new
            {
                @namespace = ns, public_key = agent.AgentKeyHeader, service, nonce = Guid.NewGuid().ToString("N"),
                agent_name = "test-agent", subject = "user-7",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!, agent);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
        _dir.Dispose();
    }
}
