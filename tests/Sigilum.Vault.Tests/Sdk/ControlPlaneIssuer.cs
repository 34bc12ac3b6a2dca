using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Sdk;

/// <summary>
/// A real control plane as attestation issuer: namespace <c>alice</c> registered by its owner, a service
/// listing the test upstream's host, and the vault trusting the control plane's JWKS key (as
/// <c>sigil-vault trust add</c> does). Agents are separate keys of the same namespace.
/// </summary>
internal sealed class ControlPlaneIssuer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly ControlPlaneHost _host;
    private readonly SigningIdentity _owner;
    private readonly HttpClient _ownerClient;

    private ControlPlaneIssuer(TempDirectory dir, ControlPlaneHost host, SigningIdentity owner, HttpClient ownerClient, HttpClient ownerApi)
    {
        _dir = dir;
        _host = host;
        _owner = owner;
        _ownerClient = ownerClient;
        OwnerApi = ownerApi;
    }

    public Uri BaseUri => new(_host.BaseUrl + "/");

    /// <summary>Owner-token client (approve, reject, revoke).</summary>
    public HttpClient OwnerApi { get; }

    public static async Task<ControlPlaneIssuer> StartAsync(VaultHarness harness)
    {
        var dir = new TempDirectory("sigil-vault-sdk-cp-");
        var host = await ControlPlaneHost.StartAsync(new ControlPlaneOptions
        {
            Urls = "http://127.0.0.1:0",
            SqlitePath = Path.Combine(dir.Path, "sigilum.db"),
            MasterKeyFile = Path.Combine(dir.Path, "master.key"),
        });
        var baseUri = new Uri(host.BaseUrl + "/");
        var owner = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var ownerClient = Signed(owner, baseUri);
        (await ownerClient.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        using var login = await ownerClient.PostAsync("v1/auth/login", null);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var api = new HttpClient { BaseAddress = baseUri };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await api.PostAsJsonAsync("v1/namespaces/alice/services",
            new { slug = "upstream", name = "upstream", upstream_hosts = new[] { TestUpstream.HostName } })).EnsureSuccessStatusCode();
        var jwks = Jwks.Parse(await api.GetStringAsync(".well-known/jwks.json")).Value!;
        var key = jwks.Keys[0];
        await harness.Store.AddTrustAnchorAsync(new TrustAnchor(key.Kid!, RawKeyFingerprint.Compute(key.PublicKey), "sigilum-control-plane",
            key, "test", TimeProvider.System.GetUtcNow()));
        return new ControlPlaneIssuer(dir, host, owner, ownerClient, api);
    }

    /// <summary>Files a claim for <paramref name="agent"/> (one authorize call) and approves it as the owner.</summary>
    public async Task ApproveAsync(SigningIdentity agent, string url)
    {
        using var client = Signed(agent, BaseUri);
        using var response = await client.PostAsJsonAsync("v1/authorize", new { intent = new { action = "http", method = "GET", url } });
        var hold = await response.Content.ReadFromJsonAsync<JsonElement>();
        (await OwnerApi.PostAsJsonAsync($"v1/claims/{hold.GetProperty("hold_id").GetString()}/approve", new { })).EnsureSuccessStatusCode();
    }

    /// <summary>Files a claim for <paramref name="agent"/> and rejects it as the owner.</summary>
    public async Task RejectAsync(SigningIdentity agent, string url)
    {
        using var client = Signed(agent, BaseUri);
        using var response = await client.PostAsJsonAsync("v1/authorize", new { intent = new { action = "http", method = "GET", url } });
        var hold = await response.Content.ReadFromJsonAsync<JsonElement>();
        (await OwnerApi.PostAsJsonAsync($"v1/claims/{hold.GetProperty("hold_id").GetString()}/reject", new { })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        OwnerApi.Dispose();
        _ownerClient.Dispose();
        _owner.Dispose();
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private static HttpClient Signed(SigningIdentity identity, Uri baseUri) =>
        new(new SigilumSigningHandler(identity, new SigilumSigningOptions(), new SocketsHttpHandler())) { BaseAddress = baseUri };
}
