using System.Security.Cryptography;
using System.Text.Json;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Sealing;

/// <summary>
/// Sealed secrets v1 (ADR 0018). The known-answer vector was produced by WebCrypto (Node, the same API the
/// browser uses) with <c>sealed-secret-v1-kat.mjs</c> beside this file, so it checks our format against an
/// independent implementation; a browser implementation can be checked against the same values.
/// </summary>
public sealed class SealedSecretTests
{
    // Fixed P-256 keys (JWK members) and IV of the vector: test-only, never reuse.
    private const string RecipientD = "ya-p2EW6dRZrXCFXZ7HWk05Qw9s26JsSe4piKxIPZyE";
    private const string RecipientX = "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y";
    private const string RecipientY = "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk";
    private const string EphemeralD = "UZtCPXFfi1gfT6juWfR3GltEyBMLTj6sylSlbdpytGQ";
    private const string EphemeralX = "HMvpHAdfx_TwM7-iSNuPzNNWXelLv7EvPFn_RsJxv4M";
    private const string EphemeralY = "zkAUxogR-aIaH9ssDmET4G23ypO3QE543HzNXKiaTKk";
    private const string RecipientSpki = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Z5A_4QCLi8maQa6elWKLxk8vGyDC1-n1F3o8KU1EYimQ";
    private const string Kid = "Wnp4zKSg9CDZvGK7Zpw8J1njn3I9OuENy-DwgVoH7NQ";
    private const string Plaintext = "sk-live-KAT-0123456789abcdef";
    private const string Envelope = "{\"v\":1,\"kid\":\"Wnp4zKSg9CDZvGK7Zpw8J1njn3I9OuENy-DwgVoH7NQ\",\"epk\":\"BBzL6RwHX8f08DO_okjbj8zTVl3pS7-xLzxZ_0bCcb-DzkAUxogR-aIaH9ssDmET4G23ypO3QE543HzNXKiaTKk\",\"iv\":\"AQIDBAUGBwgJCgsM\",\"ct\":\"Uurv2G6rIJ9oSX2OB7NY74S6VOY-ApMwl3ymw8z2G2lfFHLjoSNihk632OI\"}";

    private static readonly byte[] KatIv = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Fact]
    public void Seal_KnownAnswerVector_MatchesWebCrypto()
    {
        using var ephemeral = Key(EphemeralD, EphemeralX, EphemeralY);

        var envelope = SealedSecret.Seal(RecipientSpki, System.Text.Encoding.UTF8.GetBytes(Plaintext), ephemeral, KatIv);

        Assert.Equal(Envelope, envelope.ToJson());
    }

    [Fact]
    public void Open_KnownAnswerVector_Plaintext()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);

        var opened = SealedSecret.Open(recipient, Parse(Envelope));

        Assert.True(opened.IsSuccess, opened.Error?.Reason);
        Assert.Equal(Plaintext, System.Text.Encoding.UTF8.GetString(opened.Value));
    }

    [Fact]
    public void PublicKeyAndKeyId_KnownAnswerVector_Match()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);

        Assert.Equal(RecipientSpki, SealedSecret.PublicKey(recipient));
        Assert.Equal(Kid, SealedSecret.ParsePublicKey(RecipientSpki).Value);
    }

    [Fact]
    public void SealThenOpen_FreshKeys_RoundTrips()
    {
        using var recipient = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var secret = RandomNumberGenerator.GetBytes(100);

        var envelope = SealedSecret.Seal(SealedSecret.PublicKey(recipient), secret);
        var opened = SealedSecret.Open(recipient, Parse(envelope.ToJson()));

        Assert.True(opened.IsSuccess);
        Assert.Equal(secret, opened.Value);
    }

    [Fact]
    public void Seal_Twice_DifferentEphemeralKeysAndIvs()
    {
        var first = SealedSecret.Seal(RecipientSpki, "x"u8);
        var second = SealedSecret.Seal(RecipientSpki, "x"u8);

        Assert.NotEqual(first.Epk, second.Epk);
        Assert.NotEqual(first.Iv, second.Iv);
    }

    [Fact]
    public void Open_OtherRecipientsKid_Invalid()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var envelope = SealedSecret.Seal(SealedSecret.PublicKey(other), "secret"u8);

        AssertInvalid(SealedSecret.Open(recipient, envelope));
    }

    [Fact]
    public void Open_KidRewrittenToRecipient_TagFails()
    {
        // Only the kid check is passed by rewriting it: the AAD binds the kid, so the tag no longer verifies.
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var envelope = SealedSecret.Seal(SealedSecret.PublicKey(other), "secret"u8) with { Kid = Kid };

        AssertInvalid(SealedSecret.Open(recipient, envelope));
    }

    [Fact]
    public void Open_CiphertextBitFlipped_Invalid()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        var envelope = Parse(Envelope);
        var ct = Decode(envelope.Ct);
        ct[0] ^= 1;

        AssertInvalid(SealedSecret.Open(recipient, envelope with { Ct = Base64Url.Encode(ct) }));
    }

    [Fact]
    public void Open_TagBitFlipped_Invalid()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        var envelope = Parse(Envelope);
        var ct = Decode(envelope.Ct);
        ct[^1] ^= 1;

        AssertInvalid(SealedSecret.Open(recipient, envelope with { Ct = Base64Url.Encode(ct) }));
    }

    [Fact]
    public void Open_IvChanged_Invalid()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);

        AssertInvalid(SealedSecret.Open(recipient, Parse(Envelope) with { Iv = Base64Url.Encode(new byte[12]) }));
    }

    [Fact]
    public void Open_EphemeralPointOffCurve_Invalid()
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        var epk = Decode(Parse(Envelope).Epk);
        epk[^1] ^= 1;

        AssertInvalid(SealedSecret.Open(recipient, Parse(Envelope) with { Epk = Base64Url.Encode(epk) }));
    }

    [Theory]
    [InlineData("epk", "AAAA")]
    [InlineData("iv", "AQIDBAUGBwgJCgs")]
    [InlineData("ct", "AAAA")]
    [InlineData("ct", "not base64url!")]
    public void Open_MalformedField_Invalid(string field, string value)
    {
        using var recipient = Key(RecipientD, RecipientX, RecipientY);
        var envelope = Parse(Envelope);
        envelope = field switch
        {
            "epk" => envelope with { Epk = value },
            "iv" => envelope with { Iv = value },
            _ => envelope with { Ct = value },
        };

        AssertInvalid(SealedSecret.Open(recipient, envelope));
    }

    [Theory]
    [InlineData("{\"v\":2,\"kid\":\"k\",\"epk\":\"e\",\"iv\":\"i\",\"ct\":\"c\"}")]
    [InlineData("{\"kid\":\"k\",\"epk\":\"e\",\"iv\":\"i\",\"ct\":\"c\"}")]
    [InlineData("{\"v\":1,\"kid\":\"k\",\"epk\":\"e\",\"iv\":\"i\"}")]
    [InlineData("{\"v\":1,\"kid\":\"k\",\"epk\":\"e\",\"iv\":\"i\",\"ct\":\"c\",\"alg\":\"none\"}")]
    [InlineData("{\"v\":1,\"kid\":\"k\",\"kid\":\"k2\",\"epk\":\"e\",\"iv\":\"i\",\"ct\":\"c\"}")]
    [InlineData("{\"v\":\"1\",\"kid\":\"k\",\"epk\":\"e\",\"iv\":\"i\",\"ct\":\"c\"}")]
    [InlineData("\"sk-plain\"")]
    public void Parse_NotExactlyV1_Invalid(string json)
    {
        using var document = JsonDocument.Parse(json);

        var parsed = SealedSecretEnvelope.Parse(document.RootElement);

        Assert.False(parsed.IsSuccess);
        Assert.Equal(ErrorCatalogue.SealedSecretInvalid, parsed.Error.Code);
    }

    [Fact]
    public void ParsePublicKey_P384Key_Invalid()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);

        Assert.False(SealedSecret.ParsePublicKey(Base64Url.Encode(p384.ExportSubjectPublicKeyInfo())).IsSuccess);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")]
    public void ParsePublicKey_NotASpki_Invalid(string? key)
    {
        Assert.False(SealedSecret.ParsePublicKey(key).IsSuccess);
    }

    [Fact]
    public void ParsePublicKey_PaddedBase64_Invalid()
    {
        Assert.False(SealedSecret.ParsePublicKey(RecipientSpki + "=").IsSuccess);
    }

    private static void AssertInvalid(Result<byte[]> result)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCatalogue.SealedSecretInvalid, result.Error.Code);
    }

    private static SealedSecretEnvelope Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SealedSecretEnvelope.Parse(document.RootElement).Value!;
    }

    private static byte[] Decode(string text) => Base64Url.TryDecode(text, out var bytes) ? bytes : throw new FormatException(text);

    private static ECDiffieHellman Key(string d, string x, string y) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Decode(d),
        Q = new ECPoint { X = Decode(x), Y = Decode(y) },
    });
}
