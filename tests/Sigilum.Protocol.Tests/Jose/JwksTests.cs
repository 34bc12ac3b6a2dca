using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

public sealed class JwksTests
{
    private const string X1 = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    private static readonly string X2 = Encoding.Base64Url.Encode(Keys.Rfc8032Vectors.Test2.PublicKeyBytes);

    [Fact]
    public void Parse_MixedKeyTypes_KeepsEd25519AndSkipsOthers()
    {
        var json = $$"""
            {"keys":[
              {"kty":"RSA","kid":"rsa-1","n":"AQAB","e":"AQAB"},
              {"kty":"OKP","crv":"Ed25519","x":"{{X1}}","kid":"ed-1"},
              {"kty":"OKP","crv":"X25519","x":"{{X1}}","kid":"x-1"},
              {"kty":"OKP","crv":"Ed25519","x":"{{X2}}","kid":"ed-2"}
            ]}
            """;

        var result = Jwks.Parse(json);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(["ed-1", "ed-2"], result.Value.Keys.Select(k => k.Kid));
        Assert.Equal(X2, result.Value.Find("ed-2")?.X);
    }

    [Theory]
    [InlineData("ED-1")]
    [InlineData("ed-1 ")]
    [InlineData("ed")]
    [InlineData("rsa-1")]
    [InlineData(null)]
    public void Find_NotExactKid_ReturnsNull(string? kid)
    {
        var set = Jwks.Parse($$"""{"keys":[{"kty":"OKP","crv":"Ed25519","x":"{{X1}}","kid":"ed-1"}]}""").Value!;

        Assert.Null(set.Find(kid));
    }

    [Fact]
    public void Parse_DuplicateKid_ReturnsInvalid()
    {
        var json = $$"""{"keys":[{"kty":"OKP","crv":"Ed25519","x":"{{X1}}","kid":"k"},{"kty":"OKP","crv":"Ed25519","x":"{{X2}}","kid":"k"}]}""";

        Assert.Equal(ErrorCatalogue.JwksInvalid, Jwks.Parse(json).Error?.Code);
    }

    [Fact]
    public void Parse_MalformedEd25519Key_FailsTheSet()
    {
        var json = $$"""{"keys":[{"kty":"OKP","crv":"Ed25519","x":"{{X1}}=","kid":"k"}]}""";

        Assert.Equal(ErrorCatalogue.JwksInvalid, Jwks.Parse(json).Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"keys":{}}""")]
    [InlineData("""{"key":[]}""")]
    [InlineData("""{"keys":[],"keys":[]}""")]
    [InlineData("""{"keys":[1]}""")]
    public void Parse_NotAKeySet_ReturnsInvalid(string? json)
    {
        Assert.Equal(ErrorCatalogue.JwksInvalid, Jwks.Parse(json).Error?.Code);
    }

    [Fact]
    public void Parse_Oversized_ReturnsInvalid()
    {
        var json = """{"keys":[],"pad":" """ + new string('a', Jwks.MaxLength) + "\"}";

        Assert.Equal(ErrorCatalogue.JwksInvalid, Jwks.Parse(json).Error?.Code);
    }

    [Fact]
    public void ToJson_Parse_RoundTrips()
    {
        var set = new Jwks([
            Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, "a"),
            Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test2.PublicKeyBytes, "b"),
        ]);

        var again = Jwks.Parse(set.ToJson());

        Assert.True(again.IsSuccess);
        Assert.Equal(set.ToJson(), again.Value.ToJson());
        Assert.StartsWith("""{"keys":[{"kty":"OKP","crv":"Ed25519","x":""", set.ToJson());
    }

    [Fact]
    public void Constructor_DuplicateKid_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Jwks([
            Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, "a"),
            Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test2.PublicKeyBytes, "a"),
        ]));
    }
}
