using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Secrets;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Signing keys: created on first start, sealed at rest, rotated by hand or by age, retired with a grace period.</summary>
public sealed class AttestationKeyRingTests : IAsyncLifetime
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

    [Fact]
    public async Task SealedSeed_InDatabase_IsNotThePlaintextAndOpensOnlyForItsKid()
    {
        var record = Assert.Single(await _cp.Host.Store.SigningKeys.ListAsync());
        using var sealer = _cp.Host.Services.GetRequiredService<MasterKeyHolder>().CreateSealer(AttestationKeyRing.SealPurpose);

        var seed = sealer.Open(record.SealedSeed, AttestationKeyRing.AssociatedData(record.Kid))!;

        Assert.Equal(record.PublicKey, Ed25519.DerivePublicKey(seed));
        Assert.Null(sealer.Open(record.SealedSeed, AttestationKeyRing.AssociatedData("another-kid")));
        Assert.False(Contains(record.SealedSeed, seed));
        foreach (var file in Directory.GetFiles(_cp.Dir, "sigilum.db*"))
        {
            Assert.False(Contains(await ReadSharedAsync(file), seed), $"{Path.GetFileName(file)} holds the plaintext seed");
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cp.Dir, "master.key")));
        }
    }

    [Fact]
    public async Task Rotate_ZeroesTheRetiredKeysSeedAtOnce()
    {
        var ring = _cp.Host.Services.GetRequiredService<AttestationKeyRing>();
        var retired = await ring.SignAsync((_, key) => key, CancellationToken.None);

        (await _cp.PlainClient(_token).PostAsync("v1/attestations/keys/rotate", null)).EnsureSuccessStatusCode();

        Assert.Throws<ObjectDisposedException>(() => retired.Sign([1, 2, 3]));
        Assert.NotNull(await ring.SignAsync((_, key) => key.Sign([1, 2, 3]), CancellationToken.None));
    }

    [Fact]
    public async Task Shutdown_ZeroesOpenedSeeds()
    {
        var other = await AttestationFixture.StartAsync();
        var key = await other.Host.Services.GetRequiredService<AttestationKeyRing>().SignAsync((_, key) => key, CancellationToken.None);

        await other.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => key.Sign([1, 2, 3]));
    }

    [Fact]
    public async Task Restart_SameDirectory_KeepsTheKey()
    {
        using var dir = new TempDirectory();
        string? kid;
        await using (var first = await AttestationFixture.StartAsync(dir: dir.Path))
        {
            kid = Assert.Single((await first.FetchJwksAsync()).Keys).Kid;
        }

        await using var second = await AttestationFixture.StartAsync(dir: dir.Path);

        Assert.Equal(kid, Assert.Single((await second.FetchJwksAsync()).Keys).Kid);
    }

    [Fact]
    public async Task Restart_AfterRotationPeriod_RotatesAtStartAndKeepsOldKeyPublished()
    {
        using var dir = new TempDirectory();
        string? kid;
        await using (var first = await AttestationFixture.StartAsync(dir: dir.Path))
        {
            kid = Assert.Single((await first.FetchJwksAsync()).Keys).Kid;
        }

        await using var second = await AttestationFixture.StartAsync(dir: dir.Path, time: new FakeTimeProvider(AttestationFixture.Start.AddDays(91)));

        var rows = await second.Host.Store.SigningKeys.ListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(kid, rows.Single(r => r.RetiredAt is not null).Kid);
        Assert.Equal(2, (await second.FetchJwksAsync()).Keys.Count);
    }

    [Fact]
    public async Task Restart_WithAnotherMasterKey_RefusesToStart()
    {
        using var dir = new TempDirectory();
        await (await AttestationFixture.StartAsync(dir: dir.Path)).DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AttestationFixture.StartAsync(o => o.MasterKeyFile = Path.Combine(dir.Path, "other.key"), dir: dir.Path));

        Assert.Contains("cannot be opened", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_WithAlteredPublicKeyColumn_RefusesToStart()
    {
        using var dir = new TempDirectory();
        await (await AttestationFixture.StartAsync(dir: dir.Path)).DisposeAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, "sigilum.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE signing_keys SET public_key = zeroblob(32)";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AttestationFixture.StartAsync(dir: dir.Path));

        Assert.Contains("does not match its seed", error.Message, StringComparison.Ordinal);
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
