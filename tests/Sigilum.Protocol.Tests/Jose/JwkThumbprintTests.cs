namespace Sigilum.Protocol.Jose;

public sealed class JwkThumbprintTests
{
    [Fact]
    public void Compute_Rfc8037AppendixA3_MatchesPublishedThumbprint()
    {
        var jwk = Jwk.Parse("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""").Value!;

        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", JwkThumbprint.Compute(jwk));
    }

    [Fact]
    public void Compute_OptionalMembers_DoNotChangeThumbprint()
    {
        var bare = Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, kid: null, use: null, alg: null);
        var decorated = Jwk.FromPublicKey(Keys.Rfc8032Vectors.Test1.PublicKeyBytes, kid: "k1");

        Assert.Equal(JwkThumbprint.Compute(bare), JwkThumbprint.Compute(decorated));
        Assert.Equal(JwkThumbprint.Compute(bare), JwkThumbprint.Compute(Keys.Rfc8032Vectors.Test1.PublicKeyBytes));
    }

    [Fact]
    public void Compute_DifferentKey_DifferentThumbprint()
    {
        Assert.NotEqual(
            JwkThumbprint.Compute(Keys.Rfc8032Vectors.Test1.PublicKeyBytes),
            JwkThumbprint.Compute(Keys.Rfc8032Vectors.Test2.PublicKeyBytes));
    }
}
