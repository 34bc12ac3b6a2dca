using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Issue 6 acceptance: our control plane as the attestation issuer. An agent asks /v1/authorize for
/// an approved service, the vault trusts the control plane's JWKS key, and the attestation is
/// accepted for its URL and refused for any other.
/// </summary>
public sealed class ControlPlaneAttestationTests
{
    [Fact]
    public async Task ControlPlaneAttestation_ForApprovedClaim_AcceptedForItsUrlAndRefusedForAnother()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var dir = new TempDirectory("sigil-vault-cp-");
        await using var controlPlane = await ControlPlaneHost.StartAsync(new ControlPlaneOptions
        {
            Urls = "http://127.0.0.1:0",
            SqlitePath = Path.Combine(dir.Path, "sigilum.db"),
            MasterKeyFile = Path.Combine(dir.Path, "master.key"),
        });
        var baseUri = new Uri(controlPlane.BaseUrl + "/");
        using var owner = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var ownerClient = Signed(owner, baseUri);
        using var agentClient = Signed(agent, baseUri);
        (await ownerClient.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        using var login = await ownerClient.PostAsync("v1/auth/login", null);
        var ownerToken = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var plain = new HttpClient { BaseAddress = baseUri };
        plain.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ownerToken);
        (await plain.PostAsJsonAsync("v1/namespaces/alice/services",
            new { slug = "upstream", name = "upstream", upstream_hosts = new[] { TestUpstream.HostName } })).EnsureSuccessStatusCode();

        var url = harness.Url("/v1/models");
        var other = harness.Url("/v1/admin");
        async Task<JsonElement> AuthorizeAsync(string target) =>
            await (await agentClient.PostAsJsonAsync("v1/authorize", new { framework = "test", agentId = harness.AgentId, intent = new { action = "http", method = "GET", url = target } }))
                .Content.ReadFromJsonAsync<JsonElement>();
        var hold = await AuthorizeAsync(url);
        (await plain.PostAsJsonAsync($"v1/claims/{hold.GetProperty("hold_id").GetString()}/approve", new { })).EnsureSuccessStatusCode();
        var approved = await AuthorizeAsync(url);
        Assert.Equal("APPROVED", approved.GetProperty("status").GetString());
        var forOther = await AuthorizeAsync(other);
        Assert.Equal("APPROVED", forOther.GetProperty("status").GetString());

        // trust add, as an operator would: the key from the control plane's JWKS, pinned by its raw-key fingerprint.
        var jwks = Jwks.Parse(await plain.GetStringAsync(".well-known/jwks.json")).Value!;
        var key = jwks.Keys[0];
        await harness.Store.AddTrustAnchorAsync(new TrustAnchor(key.Kid!, RawKeyFingerprint.Compute(key.PublicKey), "sigilum-control-plane",
            key, "test", TimeProvider.System.GetUtcNow()));
        var client = harness.CreateClient();

        using var accepted = await client.SendAsync(harness.Request(HttpMethod.Get, "/v1/models", approved.GetProperty("intent_attestation").GetString()));
        using var refused = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/v1/models", forOther.GetProperty("intent_attestation").GetString()));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("ATTESTATION_INTENT_MISMATCH", refused.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Single(harness.Upstream.Received);
    }

    private static HttpClient Signed(SigningIdentity identity, Uri baseUri) =>
        new(new SigilumSigningHandler(identity, new SigilumSigningOptions(), new SocketsHttpHandler())) { BaseAddress = baseUri };
}
