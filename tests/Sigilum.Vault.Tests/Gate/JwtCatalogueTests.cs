using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Nonces;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Gate;

/// <summary>
/// Reliability §3.3 (JWT-01..JWT-20) against the vault's own <see cref="AttestationGate"/>: every token
/// is the accepted baseline with exactly one thing changed, signed by the pinned key (so only the
/// changed thing can fail), and a refused token never reaches the replay store. End-to-end rows through
/// the proxy (JWT-11, 12, 13, 18, 19) are in Proxy/*Tests with the same id prefix.
/// </summary>
public sealed class JwtCatalogueTests : IDisposable
{
    private const string Kid = "k1";
    private const string Agent = "agt_1";
    private static readonly long Now = 1_800_000_000;
    private static readonly string IntentHash = HttpIntent.Create("GET", "https://api.example.com/x").Value!.Commitment.IntentHash;

    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(Now));
    private readonly Store _store = new();

    private sealed class Store : INonceStore
    {
        private readonly HashSet<string> _seen = [];

        public int Calls { get; private set; }

        public Action? OnRecord { get; set; }

        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            Calls++;
            OnRecord?.Invoke();
            return Task.FromResult(_seen.Add(scope + "\n" + nonce) ? NonceRecordResult.Recorded : NonceRecordResult.Replayed);
        }

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private static string At(long offset) => (Now + offset).ToString(CultureInfo.InvariantCulture);

    private static string Header(string extra = "") => "{\"alg\":\"EdDSA\",\"kid\":\"" + Kid + "\",\"typ\":\"JWT\"" + extra + "}";

    /// <summary>The accepted baseline payload; <paramref name="name"/> gets <paramref name="raw"/> as its JSON (null removes it).</summary>
    private static string Payload(string? name = null, string? raw = null)
    {
        var members = new List<(string Name, string Raw)>
        {
            ("iss", "\"sigil-core\""), ("aud", "\"sigil-vault\""), ("sub", "\"" + Agent + "\""), ("iat", At(-1)), ("exp", At(30)),
            ("jti", "\"jti-0001\""), ("intentHash", "\"" + IntentHash + "\""),
        };
        if (name is not null)
        {
            var index = members.FindIndex(m => m.Name == name);
            if (index >= 0)
            {
                members.RemoveAt(index);
            }
            if (raw is not null)
            {
                members.Add((name, raw));
            }
        }
        return "{" + string.Join(",", members.Select(m => "\"" + m.Name + "\":" + m.Raw)) + "}";
    }

    private string Sign(string header, string payload, Ed25519KeyPair? key = null)
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.Encode((key ?? _key).Sign(Encoding.ASCII.GetBytes(input)));
    }

    private Task<GateResult> CheckAsync(string token, string agent = Agent, string? intentHash = null) =>
        CheckAsync(new Sigilum.Core.Replay.SharedReplayGuard(_store), token, agent, intentHash);

    private async Task<GateResult> CheckAsync(Sigilum.Core.Replay.IReplayGuard guard, string token, string agent = Agent, string? intentHash = null)
    {
        var anchor = new TrustAnchor(Kid, RawKeyFingerprint.Compute(_key.PublicKey), "sigil-core", Jwk.FromPublicKey(_key.PublicKey, Kid), "test", default);
        var snapshot = new VaultSnapshot(1, "sigil-vault", [anchor], [], [], []);
        return await new AttestationGate(guard, _time).CheckAsync([token], snapshot, intentHash ?? IntentHash, agent, CancellationToken.None);
    }

    private async Task AssertRefusedAsync(string token, string code)
    {
        var result = await CheckAsync(token);

        Assert.False(result.IsAccepted);
        Assert.Equal((403, code), (result.Status, result.Code));
        Assert.Equal(0, _store.Calls);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Baseline_WellFormedAttestation_AcceptedAndJtiConsumed()
    {
        var result = await CheckAsync(Sign(Header(), Payload()));

        Assert.True(result.IsAccepted, result.Code);
        Assert.Equal(1, _store.Calls);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task JWT_01_AlgNoneWithEmptySignature_Refused403AlgUnsupported(string alg)
    {
        var header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + Kid + "\",\"typ\":\"JWT\"}";
        var token = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(Payload())) + ".";

        await AssertRefusedAsync(token, ErrorCatalogue.JwsAlgUnsupported);
    }

    [Fact]
    public async Task JWT_01_EdDsaWithEmptySignatureSegment_Refused403SignatureInvalid()
    {
        var signed = Sign(Header(), Payload());

        await AssertRefusedAsync(signed[..(signed.LastIndexOf('.') + 1)], ErrorCatalogue.JwsSignatureInvalid);
    }

    [Fact]
    public async Task JWT_02_Hs256KeyedWithThePinnedPublicKey_Refused403AlgUnsupported()
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"kid\":\"" + Kid + "\",\"typ\":\"JWT\"}")) + "." +
            Base64Url.Encode(Encoding.UTF8.GetBytes(Payload()));
        var mac = HMACSHA256.HashData(_key.PublicKey, Encoding.ASCII.GetBytes(input));

        await AssertRefusedAsync(input + "." + Base64Url.Encode(mac), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    [InlineData("Ed448")]
    [InlineData("Ed25519")]
    [InlineData("eddsa")]
    [InlineData("EDDSA")]
    public async Task JWT_03_AlgOtherThanEdDsa_Refused403AlgUnsupported(string alg)
    {
        await AssertRefusedAsync(Sign("{\"alg\":\"" + alg + "\",\"kid\":\"" + Kid + "\",\"typ\":\"JWT\"}", Payload()), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Theory]
    [InlineData("k2", ErrorCatalogue.JwsKidUnknown)]
    [InlineData("K1", ErrorCatalogue.JwsKidUnknown)]
    [InlineData("../../etc/passwd", ErrorCatalogue.JwsKidUnknown)]
    [InlineData("' OR 1=1 --", ErrorCatalogue.JwsKidUnknown)]
    [InlineData("k1\\u0000", ErrorCatalogue.JwsKidInvalid)]
    [InlineData("oversized", ErrorCatalogue.JwsKidInvalid)]
    public async Task JWT_04_KidUnknownOrHostile_Refused403ExactLookupOnly(string kid, string code)
    {
        kid = kid == "oversized" ? new string('k', 257) : kid;

        await AssertRefusedAsync(Sign("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}", Payload()), code);
    }

    [Theory]
    [InlineData(",\"jku\":\"https://attacker.example/jwks.json\"")]
    [InlineData(",\"x5u\":\"https://attacker.example/cert.pem\"")]
    [InlineData(",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")]
    [InlineData(",\"x5c\":[\"MIIB\"]")]
    public async Task JWT_05_KeyLocatingHeader_Refused403HeaderForbiddenNeverFetched(string extra)
    {
        await AssertRefusedAsync(Sign(Header(extra), Payload()), ErrorCatalogue.JwsHeaderForbidden);
    }

    [Theory]
    [InlineData(",\"crit\":[\"x-unknown\"],\"x-unknown\":1")]
    [InlineData(",\"crit\":[]")]
    [InlineData(",\"crit\":[\"exp\"]")]
    public async Task JWT_06_Crit_Refused403HeaderForbidden(string extra)
    {
        await AssertRefusedAsync(Sign(Header(extra), Payload()), ErrorCatalogue.JwsHeaderForbidden);
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("id_token+jwt")]
    [InlineData("JOSE")]
    public async Task JWT_07_TypOfAnotherTokenKind_Refused403TypeInvalid(string typ)
    {
        await AssertRefusedAsync(Sign("{\"alg\":\"EdDSA\",\"kid\":\"" + Kid + "\",\"typ\":\"" + typ + "\"}", Payload()), ErrorCatalogue.JwsTypeInvalid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"typ\":\"JWT\"")]
    [InlineData(",\"typ\":\"jwt\"")]
    public async Task JWT_07_TypAbsentOrJwt_AcceptedAsTheLiveSignerEmits(string typ)
    {
        // Pinned: Sigil's live signer emits typ JWT (older tokens none), so explicit typing cannot be required.
        var result = await CheckAsync(Sign("{\"alg\":\"EdDSA\",\"kid\":\"" + Kid + "\"" + typ + "}", Payload()));

        Assert.True(result.IsAccepted, result.Code);
    }

    [Theory]
    [InlineData("exp", "0", ErrorCatalogue.AttestationExpired)]
    [InlineData("exp", "-1", ErrorCatalogue.AttestationExpired)]
    [InlineData("exp", null, ErrorCatalogue.AttestationClaimsInvalid)]
    [InlineData("exp", "60", ErrorCatalogue.AttestationLifetimeTooLong)]
    public async Task JWT_08_ExpPastMissingOrBeyondMaxLifetime_Refused403(string claim, string? offset, string code)
    {
        var raw = offset is null ? null : At(long.Parse(offset, CultureInfo.InvariantCulture));

        await AssertRefusedAsync(Sign(Header(), Payload(claim, raw)), code);
    }

    [Fact]
    public async Task JWT_08_ExpPassesWhileHeld_RefusedWithoutSkew()
    {
        var token = Sign(Header(), Payload());
        _time.Advance(TimeSpan.FromSeconds(30));

        await AssertRefusedAsync(token, ErrorCatalogue.AttestationExpired);
    }

    [Theory]
    [InlineData("iat", "6", ErrorCatalogue.AttestationNotYetValid)]
    [InlineData("nbf", "6", ErrorCatalogue.AttestationNotYetValid)]
    [InlineData("iat", "-40", ErrorCatalogue.AttestationLifetimeTooLong)]
    public async Task JWT_09_IatOrNbfInTheFutureOrIatTooOld_Refused403(string claim, string offset, string code)
    {
        await AssertRefusedAsync(Sign(Header(), Payload(claim, At(long.Parse(offset, CultureInfo.InvariantCulture)))), code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"other-service\"")]
    [InlineData("\"Sigil-Vault\"")]
    [InlineData("[]")]
    [InlineData("[\"other-service\"]")]
    public async Task JWT_10_AudienceWrongOrMissing_Refused403AudienceInvalid(string? aud)
    {
        await AssertRefusedAsync(Sign(Header(), Payload("aud", aud)), ErrorCatalogue.AttestationAudienceInvalid);
    }

    [Fact]
    public async Task JWT_10_AudienceArrayContainingOursPlusOthers_AcceptedAsPinned()
    {
        // Pinned to Sigil's live verifier ("string or non-empty array; must contain the configured audience").
        var result = await CheckAsync(Sign(Header(), Payload("aud", "[\"sigil-sign\",\"sigil-vault\",\"elsewhere\"]")));

        Assert.True(result.IsAccepted, result.Code);
    }

    [Fact]
    public async Task JWT_11_IssuerNotTheAnchors_Refused403IssuerUntrusted()
    {
        await AssertRefusedAsync(Sign(Header(), Payload("iss", "\"evil-signer\"")), ErrorCatalogue.AttestationIssuerUntrusted);
    }

    [Fact]
    public async Task JWT_11_SubIsAnotherAgent_Refused403AgentMismatch()
    {
        await AssertRefusedAsync(Sign(Header(), Payload("sub", "\"agt_2\"")), ErrorCatalogue.AttestationAgentMismatch);
    }

    [Fact]
    public async Task JWT_11_SignedByAnotherKeyUnderTheTrustedKid_Refused403SignatureInvalid()
    {
        using var other = Ed25519KeyPair.Generate();

        await AssertRefusedAsync(Sign(Header(), Payload(), other), ErrorCatalogue.JwsSignatureInvalid);
    }

    [Theory]
    [InlineData(null, ErrorCatalogue.AttestationJtiMissing)]
    [InlineData("\"\"", ErrorCatalogue.AttestationJtiMissing)]
    [InlineData("42", ErrorCatalogue.AttestationClaimsInvalid)]
    public async Task JWT_12_JtiMissingOrNotAString_Refused403(string? jti, string code)
    {
        await AssertRefusedAsync(Sign(Header(), Payload("jti", jti)), code);
    }

    [Fact]
    public async Task JWT_12_SameJtiTwice_SecondRefused403Replayed()
    {
        Assert.True((await CheckAsync(Sign(Header(), Payload()))).IsAccepted);

        // A different token (other iat) with the same jti: the jti alone decides.
        var second = await CheckAsync(Sign(Header(), Payload("iat", At(-2))));

        Assert.Equal((403, ErrorCatalogue.AttestationReplayed), (second.Status, second.Code));
    }

    [Fact]
    public async Task JWT_12_IssuedBeforeRestart_RefusedByTheEpochRule_IssuedAfterAccepted()
    {
        // A fresh process (ADR 0026): an empty in-memory set, an empty replay database, the epoch = now.
        using var dir = new TempDirectory("sigilum-vault-epoch-");
        var guard = new Sigilum.Core.Replay.EpochReplayGuard(new Sigilum.Core.Replay.InMemoryReplaySet(100, TimeSpan.FromSeconds(30)), _store,
            Sigilum.Core.Replay.ReplayEpoch.Establish(Path.Combine(dir.Path, "replay.epoch"), _time), AttestationGate.IssuedAtSkew);

        // iat one second before the start: the previous process may have spent it, and nothing remembers it.
        var before = await CheckAsync(guard, Sign(Header(), Payload()));
        var after = await CheckAsync(guard, Sign(Header(), Payload("iat", At(0))));

        Assert.Equal((403, ErrorCatalogue.AttestationReplayed), (before.Status, before.Code));
        Assert.True(after.IsAccepted, after.Code);
    }

    [Fact]
    public async Task JWT_13_IntentHashOfAnotherRequest_Refused403IntentMismatch()
    {
        var other = HttpIntent.Create("POST", "https://api.example.com/x").Value!.Commitment.IntentHash;

        var result = await CheckAsync(Sign(Header(), Payload()), intentHash: other);

        Assert.Equal((403, ErrorCatalogue.AttestationIntentMismatch), (result.Status, result.Code));
        Assert.Equal(0, _store.Calls);
    }

    [Theory]
    [InlineData("oversized", ErrorCatalogue.JwsTooLarge)]
    [InlineData("nested", ErrorCatalogue.JwsMalformed)]
    [InlineData("huge-number", ErrorCatalogue.AttestationClaimsInvalid)]
    [InlineData("duplicate-exp", ErrorCatalogue.JwsMalformed)]
    [InlineData("bom", ErrorCatalogue.JwsMalformed)]
    [InlineData("invalid-utf8", ErrorCatalogue.JwsMalformed)]
    public async Task JWT_14_HostilePayloadShape_RefusedInBoundedTime(string shape, string code)
    {
        var token = shape switch
        {
            "oversized" => Sign(Header(), Payload("pad", "\"" + new string('p', 8 * 1024) + "\"")),
            "nested" => Sign(Header(), Payload("deep", new string('[', 1000) + new string(']', 1000))),
            "huge-number" => Sign(Header(), Payload("exp", "1e309")),
            "duplicate-exp" => Sign(Header(), Payload()[..^1] + ",\"exp\":" + At(20) + "}"),
            "bom" => Sign(Header(), "\uFEFF" + Payload()),
            _ => SignRawPayload(Encoding.UTF8.GetBytes(Payload()[..^1] + ",\"x\":\"").Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}"u8.ToArray()).ToArray()),
        };

        await AssertRefusedAsync(token, code);
    }

    private string SignRawPayload(byte[] payload)
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(Header())) + "." + Base64Url.Encode(payload);
        return input + "." + Base64Url.Encode(_key.Sign(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public async Task JWT_15_NestedJwtContentType_Refused403HeaderForbidden()
    {
        await AssertRefusedAsync(Sign(Header(",\"cty\":\"JWT\""), Payload()), ErrorCatalogue.JwsHeaderForbidden);
    }

    [Theory]
    [InlineData("jwe")]
    [InlineData("json-serialisation")]
    public async Task JWT_15_JweOrJsonSerialisation_Refused403Malformed(string form)
    {
        var valid = Sign(Header(), Payload());
        var parts = valid.Split('.');
        var token = form == "jwe"
            ? Base64Url.Encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"k1\"}"u8) + ".." + parts[1] + "." + parts[2] + ".AAAA"
            : "{\"payload\":\"" + parts[1] + "\",\"protected\":\"" + parts[0] + "\",\"signature\":\"" + parts[2] + "\"}";

        await AssertRefusedAsync(token, ErrorCatalogue.JwsMalformed);
    }

    [Theory]
    [InlineData("padding")]
    [InlineData("plus-slash")]
    [InlineData("whitespace")]
    [InlineData("trailing-dot")]
    [InlineData("extra-segment")]
    public async Task JWT_16_NonCanonicalBase64UrlOrSegments_Refused403Malformed(string form)
    {
        var valid = Sign(Header(), Payload());
        var parts = valid.Split('.');
        var token = form switch
        {
            "padding" => parts[0] + "=." + parts[1] + "." + parts[2],
            "plus-slash" => parts[0] + "." + parts[1] + "." + parts[2].Replace('-', '+').Replace('_', '/') + (parts[2].Contains('-', StringComparison.Ordinal) || parts[2].Contains('_', StringComparison.Ordinal) ? string.Empty : "+"),
            "whitespace" => parts[0] + " ." + parts[1] + "." + parts[2],
            "trailing-dot" => valid + ".",
            _ => valid + ".AAAA",
        };

        await AssertRefusedAsync(token, ErrorCatalogue.JwsMalformed);
    }

    [Theory]
    [InlineData("\"1800000030\"")]
    [InlineData("1800000030.5")]
    [InlineData("-1")]
    [InlineData("true")]
    [InlineData("99999999999999999999")]
    public async Task JWT_17_ExpOfTheWrongType_Refused403ClaimsInvalid(string exp)
    {
        await AssertRefusedAsync(Sign(Header(), Payload("exp", exp)), ErrorCatalogue.AttestationClaimsInvalid);
    }

    [Fact]
    public async Task JWT_20_ExpiresWhileTheReplayStoreAnswers_Refused403ExpiredNotReleased()
    {
        // A slow client/store: the token was valid when checked, but exp passed before the jti was consumed.
        _store.OnRecord = () => _time.Advance(TimeSpan.FromSeconds(31));

        var result = await CheckAsync(Sign(Header(), Payload()));

        Assert.Equal((403, ErrorCatalogue.AttestationExpired), (result.Status, result.Code));
    }
}
