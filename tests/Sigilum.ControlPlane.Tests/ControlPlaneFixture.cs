using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.ControlPlane;

/// <summary>
/// A real control plane on a free loopback port over a fresh SQLite file, plus helpers to act as its
/// owner (signed login → owner token), as agents and as gateways (signed requests).
/// </summary>
public sealed class ControlPlaneFixture : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];

    private readonly TempDirectory _directory;

    private ControlPlaneFixture(ControlPlaneHost host, TempDirectory directory)
    {
        Host = host;
        _directory = directory;
    }

    public ControlPlaneHost Host { get; }

    /// <summary>The directory holding this instance's SQLite file and master key.</summary>
    public string DirectoryPath => _directory.Path;

    public Uri BaseUri => new(Host.BaseUrl + "/");

    public static Task<ControlPlaneFixture> StartAsync(Action<ControlPlaneOptions>? configure = null, TimeProvider? time = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null) =>
        StartAsync(new TempDirectory(), ownsDirectory: true, configure, time, logs);

    /// <summary>
    /// A second instance over the same database as <paramref name="other"/> (scale-out tests), with the shared replay state
    /// several instances need (ADR 0058); a test that replays across the two starts <paramref name="other"/> with it too.
    /// </summary>
    public static Task<ControlPlaneFixture> StartBesideAsync(ControlPlaneFixture other) =>
        StartAsync(other._directory, ownsDirectory: false, options => options.ReplayState = "shared", null, null);

    private static async Task<ControlPlaneFixture> StartAsync(TempDirectory dir, bool ownsDirectory, Action<ControlPlaneOptions>? configure, TimeProvider? time, Microsoft.Extensions.Logging.ILoggerProvider? logs)
    {
        var options = new ControlPlaneOptions { Urls = "http://127.0.0.1:0" };
        await TestStore.ApplyAsync(options, dir.Path);
        configure?.Invoke(options);
        var host = await ControlPlaneHost.StartAsync(options, time, logs is null ? null : logging => logging.AddProvider(logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        var fixture = new ControlPlaneFixture(host, dir);
        if (ownsDirectory)
        {
            fixture._owned.Add(dir);
        }
        return fixture;
    }

    /// <summary>A fresh identity in <paramref name="ns"/> (a new key each call).</summary>
    public SigningIdentity NewIdentity(string ns)
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, TimeProvider.System));
        _owned.Add(identity);
        return identity;
    }

    /// <summary>An HttpClient that signs every request with <paramref name="identity"/>.</summary>
    public HttpClient SignedClient(SigningIdentity identity)
    {
        var client = new HttpClient(new SigilumSigningHandler(identity, null, new SocketsHttpHandler())) { BaseAddress = BaseUri };
        _owned.Add(client);
        return client;
    }

    public HttpClient PlainClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseUri };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        _owned.Add(client);
        return client;
    }

    /// <summary>Registers <paramref name="ns"/> with a new owner key and returns the owner's identity and CLI token.</summary>
    public async Task<(SigningIdentity Owner, string Token)> RegisterOwnerAsync(string ns)
    {
        var owner = NewIdentity(ns);
        var signed = SignedClient(owner);
        (await signed.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        var login = await signed.PostAsync("v1/auth/login", null);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return (owner, token);
    }

    /// <summary>Creates a service with an API key; returns the raw key.</summary>
    public async Task<string> CreateServiceAsync(string token, string ns, string slug, params string[] hosts)
    {
        var owner = PlainClient(token);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services", new { slug, name = slug, upstream_hosts = hosts })).EnsureSuccessStatusCode();
        var key = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services/{slug}/keys", new { name = "test" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Files a claim signed by <paramref name="agent"/> itself.</summary>
    public async Task<HttpResponseMessage> SubmitClaimAsync(SigningIdentity agent, string serviceKey, string service, string? nonce = null)
    {
        var client = SignedClient(agent);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = agent.Namespace, public_key = agent.AgentKeyHeader, service, nonce = nonce ?? Guid.NewGuid().ToString("N"), agent_name = "test-agent" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }
}
