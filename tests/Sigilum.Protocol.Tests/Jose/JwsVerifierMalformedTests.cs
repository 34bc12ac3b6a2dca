using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Jose;

public sealed class JwsVerifierMalformedTests
{
    private static readonly string Valid = JwsTestKit.Forge(JwsTestKit.Header());

    private static string Header => Valid.Split('.')[0];

    private static string Payload => Valid.Split('.')[1];

    private static string Signature => Valid.Split('.')[2];

    [Fact]
    public void Verify_ValidBaseline_Succeeds()
    {
        Assert.True(JwsTestKit.Verify(Valid).IsSuccess);
    }

    public static TheoryData<string, string> Mangled => new()
    {
        { "two segments", Header + "." + Payload },
        { "four segments", Valid + "." + Signature },
        { "JWE shape (five)", Header + ".." + Payload + ".." + Signature },
        { "trailing dot", Valid + "." },
        { "leading dot", "." + Valid },
        { "padding on signature", Valid + "==" },
        { "standard alphabet plus", Header + "." + Payload + ".+" + Signature[1..] },
        { "standard alphabet slash", Header + "." + Payload + "./" + Signature[1..] },
        { "space inside", Header + ". " + Payload + "." + Signature },
        { "newline at end", Valid + "\n" },
        { "JSON serialisation", "{\"payload\":\"" + Payload + "\",\"protected\":\"" + Header + "\",\"signature\":\"" + Signature + "\"}" },
        { "non-zero spare bits", Header + "." + Payload + "." + Signature[..^1] + SpareBitsVariant(Signature[^1]) },
        { "empty", "" },
        { "only dots", ".." },
    };

    [Theory]
    [MemberData(nameof(Mangled))]
    public void Verify_MangledCompactForm_FailsMalformed(string label, string token)
    {
        Assert.NotNull(label);
        JwsTestKit.AssertFails(JwsTestKit.Verify(token), ErrorCatalogue.JwsMalformed);
    }

    [Fact]
    public void Verify_Null_FailsMalformed()
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(null), ErrorCatalogue.JwsMalformed);
    }

    [Theory]
    [InlineData("[\"EdDSA\"]")]
    [InlineData("\"EdDSA\"")]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":\"attest-key-1\",\"alg\":\"none\"}")]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":\"attest-key-1\",}")]
    [InlineData("{\"alg\":\"EdDSA\",/*c*/\"kid\":\"attest-key-1\"}")]
    [InlineData("\uFEFF{\"alg\":\"EdDSA\",\"kid\":\"attest-key-1\"}")]
    public void Verify_HeaderNotAStrictJsonObject_FailsMalformed(string header)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(header)), ErrorCatalogue.JwsMalformed);
    }

    [Fact]
    public void Verify_HeaderInvalidUtf8_FailsMalformed()
    {
        byte[] header = [.. "{\"alg\":\"EdDSA\",\"kid\":\"attest-key-1\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.ForgeBytes(header, "{}"u8.ToArray())), ErrorCatalogue.JwsMalformed);
    }

    [Fact]
    public void Verify_HeaderNestedDeeply_FailsMalformedWithoutStackOverflow()
    {
        var deep = new string('[', 1000) + new string(']', 1000);

        var result = JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(",\"x\":" + deep)), new JwsVerifierOptions { MaxTokenLength = 10_000 });

        JwsTestKit.AssertFails(result, ErrorCatalogue.JwsMalformed);
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("[1,2]")]
    [InlineData("Example of Ed25519 signing")]
    [InlineData("{\"exp\":1,\"exp\":9999999999}")]
    [InlineData("")]
    public void Verify_ValidlySignedPayloadNotAStrictObject_FailsMalformed(string payload)
    {
        JwsTestKit.AssertFails(JwsTestKit.Verify(JwsTestKit.Forge(JwsTestKit.Header(), payload)), ErrorCatalogue.JwsMalformed);
    }

    [Fact]
    public void Verify_LongerThanLimit_FailsTooLarge()
    {
        var token = JwsTestKit.Forge(JwsTestKit.Header(), "{\"pad\":\"" + new string('a', 8 * 1024) + "\"}");

        JwsTestKit.AssertFails(JwsTestKit.Verify(token), ErrorCatalogue.JwsTooLarge);
    }

    // The last character of a 64-byte signature carries 4 spare bits; flip the lowest one.
    private static char SpareBitsVariant(char last)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
    }
}
