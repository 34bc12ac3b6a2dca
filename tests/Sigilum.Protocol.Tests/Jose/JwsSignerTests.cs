using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

public sealed class JwsSignerTests
{
    private const string Rfc8037Token =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." +
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    [Fact]
    public void SignCompact_Rfc8037AppendixA4_ProducesPublishedToken()
    {
        var token = JwsTestKit.ForgeBytes("""{"alg":"EdDSA"}"""u8.ToArray(), "Example of Ed25519 signing"u8.ToArray());

        Assert.Equal(Rfc8037Token, token);
    }

    [Fact]
    public void Verify_Rfc8037AppendixA4_RefusedForMissingKid()
    {
        // The RFC example is a valid EdDSA JWS but carries no kid (and a non-JSON payload).
        JwsTestKit.AssertFails(JwsTestKit.Verify(Rfc8037Token), ErrorCatalogue.JwsKidMissing);
    }

    [Fact]
    public void Sign_JsonPayload_HeaderHasAlgKidTypInOrder()
    {
        using var key = JwsTestKit.Key();

        var token = JwsSigner.Sign(new JsonObject { ["sub"] = "agent" }, key, "k1", type: "sigil-attestation+jwt");
        Assert.True(Encoding.Base64Url.TryDecode(token.Split('.')[0], out var header));
        Assert.True(Encoding.Base64Url.TryDecode(token.Split('.')[1], out var payload));

        Assert.Equal("""{"alg":"EdDSA","kid":"k1","typ":"sigil-attestation+jwt"}""", System.Text.Encoding.UTF8.GetString(header));
        Assert.Equal("""{"sub":"agent"}""", System.Text.Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void Sign_ExtraHeader_IsAppended()
    {
        using var key = JwsTestKit.Key();

        var token = JwsSigner.Sign(new JsonObject(), key, JwsTestKit.Kid, extraHeader: new JsonObject { ["x-profile"] = "v1" });
        var verified = JwsTestKit.Verify(token);

        Assert.True(verified.IsSuccess, verified.Error?.ToString());
        Assert.Equal("v1", verified.Value.Header.GetProperty("x-profile").GetString());
    }

    [Theory]
    [InlineData("alg")]
    [InlineData("kid")]
    [InlineData("typ")]
    [InlineData("jku")]
    [InlineData("jwk")]
    [InlineData("crit")]
    public void Sign_ExtraHeaderReservedMember_Throws(string name)
    {
        using var key = JwsTestKit.Key();

        Assert.Throws<ArgumentException>(() =>
            JwsSigner.Sign(new JsonObject(), key, "k1", extraHeader: new JsonObject { [name] = "x" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\u0001")]
    public void Sign_UnusableKid_Throws(string kid)
    {
        using var key = JwsTestKit.Key();

        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(new JsonObject(), key, kid));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("not json")]
    public void Sign_PayloadBytesNotAnObject_Throws(string payload)
    {
        using var key = JwsTestKit.Key();

        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(System.Text.Encoding.UTF8.GetBytes(payload), key, "k1"));
    }

    [Fact]
    public void Sign_PayloadBytes_AreSignedVerbatim()
    {
        using var key = JwsTestKit.Key();
        var payload = """{ "b" : 2, "a" : 1 }"""u8.ToArray();

        var verified = JwsTestKit.Verify(JwsSigner.Sign(payload, key, JwsTestKit.Kid));

        Assert.True(verified.IsSuccess, verified.Error?.ToString());
        Assert.Equal(2, verified.Value.Payload.GetProperty("b").GetInt32());
    }
}
