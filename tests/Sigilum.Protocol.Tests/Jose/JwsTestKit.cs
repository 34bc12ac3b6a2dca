using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Jose;

/// <summary>Keys and a token forge for JWS tests: forged tokens are validly signed, so only the mutated rule can fail.</summary>
internal static class JwsTestKit
{
    public const string Kid = "attest-key-1";

    public const string Payload = """{"iss":"sigil-core","n":1}""";

    public static Ed25519KeyPair Key() => Ed25519KeyPair.FromSeed(Rfc8032Vectors.Test1.SeedBytes);

    public static Ed25519KeyPair OtherKey() => Ed25519KeyPair.FromSeed(Rfc8032Vectors.Test2.SeedBytes);

    public static Jwks Keys => new([Jwk.FromPublicKey(Rfc8032Vectors.Test1.PublicKeyBytes, Kid)]);

    public static string Header(string extra = "") => "{\"alg\":\"EdDSA\",\"kid\":\"" + Kid + "\"" + extra + "}";

    /// <summary>Signs exactly these header and payload bytes with the trusted key (or another).</summary>
    public static string Forge(string headerJson, string payloadJson = Payload, bool otherKey = false) =>
        ForgeBytes(System.Text.Encoding.UTF8.GetBytes(headerJson), System.Text.Encoding.UTF8.GetBytes(payloadJson), otherKey);

    public static string ForgeBytes(byte[] header, byte[] payload, bool otherKey = false)
    {
        using var key = otherKey ? OtherKey() : Key();
        return JwsSigner.SignCompact(header, payload, key);
    }

    public static Result<VerifiedJws> Verify(string? token, JwsVerifierOptions? options = null) =>
        JwsVerifier.Verify(token, Keys, options);

    public static void AssertFails(Result<VerifiedJws> result, string code)
    {
        Assert.False(result.IsSuccess, "expected " + code);
        Assert.Equal(code, result.Error.Code);
    }
}
