using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Protocol.Jose;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Signing keys: created on first start, sealed at rest, rotated by hand or by age, retired with a grace period.</summary>
public sealed partial class AttestationKeyRingTests : IAsyncLifetime
{
    private const string Url = "https://api.openai.com/v1/models";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60 + (24 * 3600));
    private AttestationFixture _cp = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _cp = await AttestationFixture.StartAsync();
        _token = await _cp.RegisterOwnerAsync("alice");
        await _cp.CreateServiceAsync(_token, "alice", "openai", "api.openai.com");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task Jwks_FirstStart_PublishesOneEd25519SigningKeyNamedByItsThumbprint()
    {
        var response = await _cp.PlainClient().GetAsync(".well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl?.MaxAge);
        var key = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray());
        Assert.Equal(("OKP", "Ed25519", "sig", "EdDSA"), (Str(key, "kty"), Str(key, "crv"), Str(key, "use"), Str(key, "alg")));
        Assert.Equal(JwkThumbprint.Compute(Jwk.Parse(key).Value!), Str(key, "kid"));
    }

    [Fact]
    public async Task Keys_ListsFingerprintOfRawKeyForTrustAnchors()
    {
        var jwk = Assert.Single((await _cp.FetchJwksAsync()).Keys);

        var listed = await _cp.PlainClient().GetFromJsonAsync<JsonElement>("v1/attestations/keys");

        var key = Assert.Single(listed.GetProperty("keys").EnumerateArray());
        Assert.Equal((jwk.Kid, RawKeyFingerprint.Compute(jwk.PublicKey), "current"), (Str(key, "kid"), Str(key, "fingerprint"), Str(key, "status")));
        Assert.Equal(_cp.Host.BaseUrl + "/.well-known/jwks.json", Str(listed, "jwks_uri"));
        Assert.Equal(("sigilum-control-plane", "sigil-vault"), (Str(listed, "issuer"), Str(listed, "audience")));
    }

    [Fact]
    public async Task Rotate_ByOwner_NewKidSignsAndOldKidStaysPublishedForTheGracePeriodOnly()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url);
        var before = await TokenAsync(agent);
        var oldKid = Assert.Single((await _cp.FetchJwksAsync()).Keys).Kid!;

        var rotated = await _cp.PlainClient(_token).PostAsync("v1/attestations/keys/rotate", null);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await AttestationFixture.JsonAsync(rotated);
        var newKid = Str(body, "kid");
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(oldKid, Assert.Single(body.GetProperty("retired").EnumerateArray()).GetString());
        var jwks = await _cp.FetchJwksAsync();
        Assert.Equal(newKid, _cp.Validate(await TokenAsync(agent), jwks, "GET", Url).Value!.KeyId);
        Assert.True(_cp.Validate(before, jwks, "GET", Url).IsSuccess, "a token signed before the rotation still verifies");

        _cp.Time.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.NotNull((await _cp.FetchJwksAsync()).Find(oldKid));
        _cp.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([newKid], (await _cp.FetchJwksAsync()).Keys.Select(k => k.Kid));
    }

    [Fact]
    public async Task Rotate_WithoutOwnerToken_Returns401()
    {
        var response = await _cp.PlainClient().PostAsync("v1/attestations/keys/rotate", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single((await _cp.FetchJwksAsync()).Keys);
    }

    [Fact]
    public async Task Rotate_WhenMaxKeysPublished_Returns429UntilTheOldestLeavesItsGrace()
    {
        var owner = _cp.PlainClient(_token);
        for (var i = 1; i < AttestationKeyRing.MaxPublishedKeys; i++)
        {
            (await owner.PostAsync("v1/attestations/keys/rotate", null)).EnsureSuccessStatusCode();
        }

        var refused = await owner.PostAsync("v1/attestations/keys/rotate", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("ATTESTATION_KEY_ROTATION_LIMITED", Str(await AttestationFixture.JsonAsync(refused), "code"));
        Assert.Equal(AttestationKeyRing.MaxPublishedKeys, (await _cp.FetchJwksAsync()).Keys.Count);
        _cp.Time.Advance(Grace);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync("v1/attestations/keys/rotate", null)).StatusCode);
    }

    [Fact]
    public async Task Authorize_CurrentKeyOlderThanRotationPeriod_RotatesBeforeSigning()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url);
        var oldKid = Assert.Single((await _cp.FetchJwksAsync()).Keys).Kid;
        _cp.Time.Advance(TimeSpan.FromDays(90));

        var token = await TokenAsync(agent);

        var jwks = await _cp.FetchJwksAsync();
        Assert.Equal(2, jwks.Keys.Count);
        Assert.NotEqual(oldKid, _cp.Validate(token, jwks, "GET", Url).Value!.KeyId);
    }

    private async Task<string> TokenAsync(Protocol.Signatures.SigningIdentity agent) =>
        Str(await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url)), "intent_attestation");

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    // SQLite keeps the file open; read it shared.
    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
