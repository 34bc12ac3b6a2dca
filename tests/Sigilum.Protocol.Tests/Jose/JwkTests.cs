using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

public sealed class JwkTests
{
    // RFC 8037 §A.2: the public half of the RFC 8032 TEST 1 key.
    private const string Rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    [Fact]
    public void Parse_Rfc8037PublicKey_ReadsRawKey()
    {
        var result = Jwk.Parse($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}"}""");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(Keys.Rfc8032Vectors.Test1.PublicKey, Convert.ToHexStringLower(result.Value.PublicKey));
        Assert.Null(result.Value.Kid);
    }

    [Fact]
    public void Parse_OptionalMembersAndUnknownMembers_Accepted()
    {
        var result = Jwk.Parse($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}","kid":"k1","use":"sig","alg":"EdDSA","ext":true}""");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("k1", result.Value.Kid);
        Assert.Equal("sig", result.Value.Use);
        Assert.Equal("EdDSA", result.Value.Alg);
    }

    [Theory]
    [InlineData("""{"kty":"RSA","n":"AQAB","e":"AQAB"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"a","y":"b"}""")]
    [InlineData("""{"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    [InlineData("""{"kty":"okp","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    [InlineData("""{"kty":"OKP","crv":"ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    [InlineData("""{"crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    public void Parse_NotOkpEd25519_ReturnsUnsupported(string json)
    {
        Assert.Equal(ErrorCatalogue.JwkUnsupported, Jwk.Parse(json).Error?.Code);
    }

    [Theory]
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")]   // padding
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR")]    // 42 characters
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp")]   // non-zero spare bits
    [InlineData("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo")]   // standard alphabet
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")]
    [InlineData("")]
    public void Parse_BadX_ReturnsInvalid(string x)
    {
        Assert.Equal(ErrorCatalogue.JwkInvalid, Jwk.Parse($$"""{"kty":"OKP","crv":"Ed25519","x":"{{x}}"}""").Error?.Code);
    }

    [Theory]
    [InlineData(""","x":42""")]
    [InlineData(""","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","use":"enc" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"Ed25519" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"RS256" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":7""")]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a\u0000b" """)]
    [InlineData(""","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" """)]
    public void Parse_BadMember_ReturnsInvalid(string members)
    {
        Assert.Equal(ErrorCatalogue.JwkInvalid, Jwk.Parse("""{"kty":"OKP","crv":"Ed25519" """ + members + "}").Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void Parse_NotAnObject_ReturnsInvalid(string? json)
    {
        Assert.Equal(ErrorCatalogue.JwkInvalid, Jwk.Parse(json).Error?.Code);
    }

    [Fact]
    public void ToJson_FromPublicKey_RoundTrips()
    {
        var jwk = Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, "k1");

        var json = jwk.ToJson();
        var again = Jwk.Parse(json);

        Assert.Equal($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}","kid":"k1","use":"sig","alg":"EdDSA"}""", json);
        Assert.True(again.IsSuccess);
        Assert.Equal(jwk.X, again.Value.X);
        Assert.Equal("k1", again.Value.Kid);
    }

    [Fact]
    public void FromPublicKey_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Jwk.FromPublicKey(new byte[31]));
    }

    [Fact]
    public void Parse_JsonElementNotObject_ReturnsInvalid()
    {
        using var doc = JsonDocument.Parse("42");

        Assert.Equal(ErrorCatalogue.JwkInvalid, Jwk.Parse(doc.RootElement).Error?.Code);
    }
}
