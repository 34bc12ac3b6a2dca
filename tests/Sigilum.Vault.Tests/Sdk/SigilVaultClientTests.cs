using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;
using Sigilum.Sdk.Vault;
using Sigilum.Testing;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Sdk;

/// <summary>
/// Issue 6 item 6: the SDK's vault client, end to end with a real vault, a real control plane as issuer and
/// a real HTTPS upstream. The agent code is only the options and an ordinary HttpClient call.
/// </summary>
public sealed class SigilVaultClientTests
{
    [Fact]
    public async Task Create_ApprovedClaim_UpstreamReceivesCredentialOnEveryRequest()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        await issuer.ApproveAsync(agent, harness.Url("/v1/models"));

        using var http = SigilVaultClient.Create(Options(harness, issuer), agent);
        using var first = await http.GetAsync(harness.Url("/echo"));
        using var second = await http.PostAsync(harness.Url("/v1/items?x=1"), new StringContent("hi"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("ok hi", await second.Content.ReadAsStringAsync());
        // The credential reached the upstream; the agent only ever sees it redacted.
        Assert.All(harness.Upstream.Received, r => Assert.Equal("Bearer " + VaultHarness.Secret, r.Authorization));
        Assert.All(harness.Upstream.Received, r => Assert.False(r.HadAttestation));
        Assert.Equal(2, harness.Upstream.Received.Count);
        Assert.DoesNotContain(VaultHarness.Secret, await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSigilVault_IdentityFromHome_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var home = new TempDirectory("sigil-vault-sdk-home-");
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = home.Path });
        var created = store.InitIdentity("alice");
        Assert.True(created.IsSuccess);
        using (var agent = SigningIdentity.FromRecord(created.Value!.Record))
        {
            await issuer.ApproveAsync(agent, harness.Url("/v1/models"));
        }
        var services = new ServiceCollection();
        services.AddHttpClient("upstream").AddSigilVault(o =>
        {
            o.ProxyUrl = new Uri($"http://127.0.0.1:{harness.Host.Port}");
            o.ProxyToken = harness.Token;
            o.CaCertificateFile = harness.Paths.CaCertificate;
            o.IssuerUrl = issuer.BaseUri;
            o.Namespace = "alice";
            o.HomeDirectory = home.Path;
            o.AgentId = harness.AgentId;
        });
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("upstream");

        using var response = await http.GetAsync(harness.Url("/v1/models"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + VaultHarness.Secret, Assert.Single(harness.Upstream.Received).Authorization);
    }

    [Fact]
    public async Task Create_ClaimNotApproved_ThrowsHoldWithoutReachingVault()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var http = SigilVaultClient.Create(Options(harness, issuer), agent);

        var refused = await Assert.ThrowsAsync<SigilVaultAuthorizationException>(() => http.GetAsync(harness.Url("/v1/models")));

        Assert.Equal("HOLD", refused.Decision);
        Assert.StartsWith("cl_", refused.HoldId, StringComparison.Ordinal);
        Assert.Equal("upstream", refused.Service);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    [Fact]
    public async Task Create_ClaimRejected_ThrowsDeniedWithIssuerCode()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        await issuer.RejectAsync(agent, harness.Url("/v1/models"));
        using var http = SigilVaultClient.Create(Options(harness, issuer), agent);

        var refused = await Assert.ThrowsAsync<SigilVaultAuthorizationException>(() => http.GetAsync(harness.Url("/v1/models")));

        Assert.Equal("DENIED", refused.Decision);
        Assert.Equal("SIGIL_CLAIM_REJECTED", refused.ErrorCode);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Create_HostWithoutService_ThrowsDeniedNoServiceForHost()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var http = SigilVaultClient.Create(Options(harness, issuer), agent);

        var refused = await Assert.ThrowsAsync<SigilVaultAuthorizationException>(() => http.GetAsync($"https://other.upstream.test:{harness.Upstream.Port}/"));

        Assert.Equal("DENIED", refused.Decision);
        Assert.Equal("SIGIL_NO_SERVICE_FOR_HOST", refused.ErrorCode);
    }

    [Fact]
    public async Task Create_KeyOfUnregisteredNamespace_ThrowsDeniedNoServiceForHost()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var stranger = SigningIdentity.FromRecord(IdentityRecord.Create("mallory", TimeProvider.System));
        using var http = SigilVaultClient.Create(Options(harness, issuer), stranger);

        var refused = await Assert.ThrowsAsync<SigilVaultAuthorizationException>(() => http.GetAsync(harness.Url("/v1/models")));

        // Another namespace's services never match: alice's approval is not mallory's.
        Assert.Equal("DENIED", refused.Decision);
        Assert.Equal("SIGIL_NO_SERVICE_FOR_HOST", refused.ErrorCode);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Create_IssuerRefusesTheCall_ThrowsWithHttpStatusAndNoDecision()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var options = Options(harness, issuer);
        options.IssuerUrl = new Uri(issuer.BaseUri, "not-an-issuer/");
        using var http = SigilVaultClient.Create(options, agent);

        var refused = await Assert.ThrowsAsync<SigilVaultAuthorizationException>(() => http.GetAsync(harness.Url("/v1/models")));

        Assert.Null(refused.Decision);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task Create_CaFileOfAnotherCa_TlsToVaultFails()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var issuer = await ControlPlaneIssuer.StartAsync(harness);
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        await issuer.ApproveAsync(agent, harness.Url("/v1/models"));
        var otherCa = Path.Combine(harness.Home.Path, "other-ca.crt");
        await File.WriteAllTextAsync(otherCa, harness.Upstream.Root.ExportCertificatePem());
        var options = Options(harness, issuer);
        options.CaCertificateFile = otherCa;
        using var http = SigilVaultClient.Create(options, agent);

        var failed = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(harness.Url("/v1/models")));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(failed.InnerException);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public void Create_MissingToken_ThrowsInvalidOperation()
    {
        using var agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var options = new SigilVaultOptions { ProxyUrl = new Uri("http://127.0.0.1:10255"), CaCertificateFile = "ca.pem", IssuerUrl = new Uri("http://127.0.0.1:8787/") };

        var error = Assert.Throws<InvalidOperationException>(() => SigilVaultClient.Create(options, agent));

        Assert.Contains("ProxyToken", error.Message, StringComparison.Ordinal);
    }

    private static SigilVaultOptions Options(VaultHarness harness, ControlPlaneIssuer issuer) => new()
    {
        ProxyUrl = new Uri($"http://127.0.0.1:{harness.Host.Port}"),
        ProxyToken = harness.Token,
        CaCertificateFile = harness.Paths.CaCertificate,
        IssuerUrl = issuer.BaseUri,
        AgentId = harness.AgentId,
    };
}
