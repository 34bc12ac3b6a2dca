using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// A real control plane on a loopback port over SQLite, like <see cref="ControlPlaneFixture"/>, but on a
/// <see cref="FakeTimeProvider"/> shared by the host and every signing client, so tests can move time
/// (rotation grace, approval expiry) without sleeping. Restartable over the same directory.
/// </summary>
public sealed class AttestationFixture : IAsyncDisposable
{
    /// <summary>2026-11-21T10:00:00Z: a fixed, realistic start.</summary>
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_795_255_200);

    private readonly List<IDisposable> _owned = [];
    private readonly TempDirectory? _createdDir;

    private AttestationFixture(ControlPlaneHost host, FakeTimeProvider time, string dir, TempDirectory? createdDir)
    {
        Host = host;
        Time = time;
        Dir = dir;
        _createdDir = createdDir;
    }

    public ControlPlaneHost Host { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Holds <c>sigilum.db</c> and <c>master.key</c>.</summary>
    public string Dir { get; }

    public string DatabasePath => Path.Combine(Dir, "sigilum.db");

    public Uri BaseUri => new(Host.BaseUrl + "/");

    /// <summary>Starts a host; over <paramref name="dir"/> when given (kept on dispose), else a fresh temp directory.</summary>
    public static async Task<AttestationFixture> StartAsync(Action<ControlPlaneOptions>? configure = null, string? dir = null, FakeTimeProvider? time = null)
    {
        var created = dir is null ? new TempDirectory() : null;
        dir ??= created!.Path;
        time ??= new FakeTimeProvider(Start);
        var options = new ControlPlaneOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(dir, "sigilum.db") };
        configure?.Invoke(options);
        try
        {
            return new AttestationFixture(await ControlPlaneHost.StartAsync(options, time), time, dir, created);
        }
        catch
        {
            created?.Dispose();
            throw;
        }
    }

    public SigningIdentity NewIdentity(string ns)
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, Time));
        _owned.Add(identity);
        return identity;
    }

    /// <summary>A client that signs every request with <paramref name="identity"/> on the fake clock.</summary>
    public HttpClient SignedClient(SigningIdentity identity)
    {
        var options = new SigilumSigningOptions { TimeProvider = Time };
        return Own(new HttpClient(new SigilumSigningHandler(identity, options, new SocketsHttpHandler())) { BaseAddress = BaseUri });
    }

    public HttpClient PlainClient(string? bearer = null)
    {
        var client = Own(new HttpClient { BaseAddress = BaseUri });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>Registers <paramref name="ns"/> and returns its owner's CLI token.</summary>
    public async Task<string> RegisterOwnerAsync(string ns)
    {
        var signed = SignedClient(NewIdentity(ns));
        (await signed.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        var login = await signed.PostAsync("v1/auth/login", null);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task CreateServiceAsync(string token, string ns, string slug, params string[] hosts) =>
        (await PlainClient(token).PostAsJsonAsync($"v1/namespaces/{ns}/services", new { slug, name = slug, upstream_hosts = hosts })).EnsureSuccessStatusCode();

    /// <summary><c>POST /v1/authorize</c> for an HTTP intent, signed by <paramref name="agent"/>.</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(SigningIdentity agent, string method, string url, string? agentId = null) =>
        SignedClient(agent).PostAsJsonAsync("v1/authorize", new { agentId, framework = "test", intent = new { action = "http", method, url } });

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Owner decision on a claim: approve (with optional body), reject or revoke.</summary>
    public async Task DecideAsync(string token, string claimId, string decision, object? body = null) =>
        (await PlainClient(token).PostAsJsonAsync($"v1/claims/{claimId}/{decision}", body ?? new { })).EnsureSuccessStatusCode();

    /// <summary>Authorize once (a hold), approve it as the owner, and return the hold id.</summary>
    public async Task<string> ApprovedAgentAsync(string token, SigningIdentity agent, string url, object? scope = null)
    {
        var hold = await JsonAsync(await AuthorizeAsync(agent, "GET", url));
        var holdId = hold.GetProperty("hold_id").GetString()!;
        await DecideAsync(token, holdId, "approve", scope);
        return holdId;
    }

    /// <summary>Verifies an attestation as a Vault would: our JWKS, issuer, audience and the intent of method + url.</summary>
    public Protocol.Result<AttestationClaims> Validate(string? token, Jwks jwks, string method, string url) =>
        AttestationValidator.VerifyAndValidate(token, jwks.Find, new AttestationValidationOptions
        {
            TrustedIssuers = ["sigilum-control-plane"],
            AcceptedAudiences = ["sigil-vault"],
            Time = Time,
            ExpectedIntentHash = HttpIntent.Create(method, url).Value!.Commitment.IntentHash,
        });

    public async Task<Jwks> FetchJwksAsync() => Jwks.Parse(await PlainClient().GetStringAsync(".well-known/jwks.json")).Value!;

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
        _createdDir?.Dispose();
    }
}
