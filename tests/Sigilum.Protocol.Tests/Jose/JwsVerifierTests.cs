using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

public sealed class JwsVerifierTests
{
    [Fact]
    public void Verify_SignedByTrustedKey_ReturnsHeaderAndPayload()
    {
        using var key = JwsTestKit.Key();
        var token = JwsSigner.Sign(new JsonObject { ["iss"] = "sigil-core", ["n"] = 7 }, key, JwsTestKit.Kid, "JWT");

        var result = JwsTestKit.Verify(token);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(JwsTestKit.Kid, result.Value.KeyId);
        Assert.Equal("JWT", result.Value.Type);
        Assert.Equal("sigil-core", result.Value.Payload.GetProperty("iss").GetString());
        Assert.Equal(7, result.Value.Payload.GetProperty("n").GetInt32());
        Assert.Equal(JwsTestKit.Kid, result.Value.Key.Kid);
    }

    [Theory]
    [InlineData("\"none\"")]
    [InlineData("\"None\"")]
    [InlineData("\"NONE\"")]
    [InlineData("\"HS256\"")]
    [InlineData("\"RS256\"")]
    [InlineData("\"ES256\"")]
    [InlineData("\"Ed25519\"")]
    [InlineData("\"Ed448\"")]
    [InlineData("\"eddsa\"")]
    [InlineData("\"EDDSA\"")]
    [InlineData("\"EdDSA \"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("[\"EdDSA\"]")]
    public void Verify_AlgOtherThanEdDSA_FailsAlgUnsupported(string alg)
    {
        var token = JwsTestKit.Forge("{\"alg\":" + alg + ",\"kid\":\"" + JwsTestKit.Kid + "\"}");

        JwsTestKit.AssertFails(JwsTestKit.Verify(token), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Fact]
    public void Verify_AlgMissing_FailsAlgUnsupported()
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge("{\"kid\":\"" + JwsTestKit.Kid + "\"}")), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Fact]
    public void Verify_AlgNoneWithEmptySignature_FailsAlgUnsupported()
    {
        var header = Encoding.Base64Url.Encode("{\"alg\":\"none\",\"kid\":\"attest-key-1\"}"u8);
        var payload = Encoding.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(JwsTestKit.Payload));

        JwsTestKit.AssertFails(JwsTestKit.Verify(header + "." + payload + "."), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Fact]
    public void Verify_Hs256KeyedWithPublicKeyBytes_FailsAlgUnsupported()
    {
        // The classic confusion attack: HMAC keyed with the verifier's public key bytes.
        var signingInput = Encoding.Base64Url.Encode("{\"alg\":\"HS256\",\"kid\":\"attest-key-1\"}"u8) + "." +
                           Encoding.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(JwsTestKit.Payload));
        var mac = HMACSHA256.HashData(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, System.Text.Encoding.ASCII.GetBytes(signingInput));

        JwsTestKit.AssertFails(JwsTestKit.Verify(signingInput + "." + Encoding.Base64Url.Encode(mac)), ErrorCatalogue.JwsAlgUnsupported);
    }

    [Theory]
    [InlineData(",\"jku\":\"https://attacker.example/jwks.json\"")]
    [InlineData(",\"x5u\":\"https://attacker.example/cert.pem\"")]
    [InlineData(",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}")]
    [InlineData(",\"x5c\":[\"MIIB\"]")]
    [InlineData(",\"x5t\":\"abc\"")]
    [InlineData(",\"crit\":[\"exp\"]")]
    [InlineData(",\"crit\":[]")]
    [InlineData(",\"crit\":[\"x-unknown\"],\"x-unknown\":1")]
    [InlineData(",\"cty\":\"JWT\"")]
    [InlineData(",\"enc\":\"A256GCM\"")]
    [InlineData(",\"zip\":\"DEF\"")]
    [InlineData(",\"p2c\":100000000")]
    [InlineData(",\"b64\":false")]
    public void Verify_ForbiddenHeaderMember_FailsHeaderForbidden(string extra)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(extra))), ErrorCatalogue.JwsHeaderForbidden);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"typ\":\"JWT\"")]
    [InlineData(",\"typ\":\"at+jwt\"")]
    [InlineData(",\"typ\":\"sigil-attestation+jwt \"")]
    public void Verify_RequiredTypeAbsentOrDifferent_FailsTypeInvalid(string extra)
    {
        var options = new JwsVerifierOptions { RequiredType = "sigil-attestation+jwt" };

        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(extra)), options), ErrorCatalogue.JwsTypeInvalid);
    }

    [Theory]
    [InlineData("sigil-attestation+jwt")]
    [InlineData("Sigil-Attestation+JWT")]
    [InlineData("application/sigil-attestation+jwt")]
    public void Verify_RequiredTypeMatchesPerRfc7515_Succeeds(string typ)
    {
        var options = new JwsVerifierOptions { RequiredType = "sigil-attestation+jwt" };
        var token = JwsTestKit.Forge(JwsTestKit.Header(",\"typ\":\"" + typ + "\""));

        Assert.True(JwsTestKit.Verify(token, options).IsSuccess);
    }

    [Fact]
    public void Verify_TypNotAString_FailsTypeInvalid()
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(",\"typ\":1"))), ErrorCatalogue.JwsTypeInvalid);
    }

    [Theory]
    [InlineData("{\"alg\":\"EdDSA\"}")]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":\"\"}")]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":1}")]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":null}")]
    public void Verify_KidMissingOrEmpty_FailsKidMissing(string header)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(header)), ErrorCatalogue.JwsKidMissing);
    }

    [Theory]
    [InlineData("attest-key-1\\u0000")]
    [InlineData("attest\\nkey")]
    public void Verify_KidWithControlCharacters_FailsKidInvalid(string kid)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}")), ErrorCatalogue.JwsKidInvalid);
    }

    [Fact]
    public void Verify_OversizedKid_FailsKidInvalidWithoutLookup()
    {
        var looked = false;
        var token = JwsTestKit.Forge("{\"alg\":\"EdDSA\",\"kid\":\"" + new string('k', 257) + "\"}");

        var result = JwsVerifier.Verify(token, _ => { looked = true; return null; });

        JwsTestKit.AssertFails(result, ErrorCatalogue.JwsKidInvalid);
        Assert.False(looked);
    }

    [Theory]
    [InlineData("ATTEST-KEY-1")]
    [InlineData("attest-key-1 ")]
    [InlineData("attest-key")]
    [InlineData("../../etc/passwd")]
    [InlineData("' OR 1=1 --")]
    public void Verify_KidNotExactlyKnown_FailsKidUnknown(string kid)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}")), ErrorCatalogue.JwsKidUnknown);
    }

    [Fact]
    public void Verify_SignedByOtherKeyUnderTrustedKid_FailsSignatureInvalid()
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(), otherKey: true)), ErrorCatalogue.JwsSignatureInvalid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_SignatureWrongLength_FailsSignatureInvalid(int length)
    {
        var parts = JwsTestKit.Forge(JwsTestKit.Header()).Split('.');
        var token = parts[0] + "." + parts[1] + "." + Encoding.Base64Url.Encode(new byte[length]);

        JwsTestKit.AssertFails(JwsTestKit.Verify(token), ErrorCatalogue.JwsSignatureInvalid);
    }

    [Fact]
    public void Verify_PayloadSwappedFromAnotherToken_FailsSignatureInvalid()
    {
        var a = JwsTestKit.Forge(JwsTestKit.Header(), """{"n":1}""").Split('.');
        var b = JwsTestKit.Forge(JwsTestKit.Header(), """{"n":2}""").Split('.');

        JwsTestKit.AssertFails(JwsTestKit.Verify(a[0] + "." + b[1] + "." + a[2]), ErrorCatalogue.JwsSignatureInvalid);
    }
}
