using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Dids;

public sealed class DidKeyTests
{
    // The W3C did:key specification's Ed25519 example and the JWK x of its key.
    private const string SpecDid = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private const string SpecJwkX = "Lm_M42cB3HkUiODQsXRcweM6TByfzEHGO9ND274JcOY";

    [Fact]
    public void Decode_SpecExample_YieldsTheKeyFromItsJwk()
    {
        var result = DidKey.Decode(SpecDid);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(SpecJwkX, Encoding.Base64Url.Encode(result.Value));
    }

    [Fact]
    public void Encode_SpecKey_YieldsSpecDid()
    {
        Assert.True(Encoding.Base64Url.TryDecode(SpecJwkX, out var key));

        Assert.Equal(SpecDid, DidKey.Encode(key));
    }

    [Fact]
    public void Encode_AnyEd25519Key_StartsWithZ6Mk()
    {
        Assert.StartsWith("did:key:z6Mk", DidKey.Encode(Keys.Rfc8032Vectors.Test1.PublicKeyBytes));
        Assert.StartsWith("did:key:z6Mk", DidKey.Encode(new byte[32]));
        Assert.StartsWith("did:key:z6Mk", DidKey.Encode(Enumerable.Repeat((byte)0xff, 32).ToArray()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("did:key:")]
    [InlineData("did:key:z")]
    [InlineData("DID:KEY:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]
    [InlineData("did:key:6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]     // no multibase prefix
    [InlineData("did:key:Z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]    // wrong multibase
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do")]     // truncated
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doKK")]   // too long
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0")]    // '0' is not base58
    [InlineData("did:key:z16MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]   // leading zero byte
    [InlineData("did:key:zQ3shQo6TF2moaqMTrUZEM1jeuYRQXeHEx4evX9751y2qPqRA")]   // secp256k1, not Ed25519
    [InlineData("did:key:z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p")]    // X25519
    [InlineData("did:web:example.com")]
    public void Decode_NotAnEd25519DidKey_FailsDidKeyInvalid(string? did)
    {
        Assert.Equal(ErrorCatalogue.DidKeyInvalid, DidKey.Decode(did).Error?.Code);
    }

    [Fact]
    public void Encode_WrongKeyLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DidKey.Encode(new byte[33]));
    }
}
