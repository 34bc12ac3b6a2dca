using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// The signature-params text the verifier signs over (issue #13 builds it without a second serialisation): always
/// exactly what <see cref="SignatureParams.ToText"/> gives, whether taken from the received header or rebuilt.
/// </summary>
public sealed class SignatureParamsTextTests
{
    private const string Header =
        "sig1=(\"@method\" \"@target-uri\" \"sigilum-namespace\" \"sigilum-subject\" \"sigilum-agent-key\" \"sigilum-agent-cert\");" +
        "created=1700000000;keyid=\"did:sigilum:alice#ed25519-0123456789abcdef\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\"";

    [Fact]
    public void TextOf_ProfileAlgorithm_HeaderAfterLabelEqualsToText()
    {
        var parameters = SignatureParams.Parse(Header).Value!;

        var text = SignatureParams.TextOf(parameters, Header);

        Assert.Equal(parameters.ToText(), text);
        Assert.Equal(Header["sig1=".Length..], text);
    }

    [Fact]
    public void TextOf_AlgorithmSentInCapitals_RebuiltLowerCaseAsSigned()
    {
        var header = Header.Replace("alg=\"ed25519\"", "alg=\"ED25519\"", StringComparison.Ordinal);
        var parameters = SignatureParams.Parse(header).Value!;

        var text = SignatureParams.TextOf(parameters, header);

        Assert.Contains("alg=\"ed25519\"", text, StringComparison.Ordinal);
        Assert.Equal(parameters.ToText(), text);
    }

    [Theory]
    [InlineData("sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\" ")]
    [InlineData("sig1=(\"@method\"  \"@target-uri\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\"")]
    [InlineData("sig1=(\"@method\");created=01700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\"")]
    [InlineData("sig1=(\"@method\");created=1700000000; keyid=\"k\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\"")]
    public void Parse_NotTheExactForm_Refused(string header)
    {
        var result = SignatureParams.Parse(header);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, result.Error.Code);
    }

    [Fact]
    public void ToText_EscapedKeyId_EscapedOnceAndRoundTrips()
    {
        var parameters = new SignatureParams { Components = ["@method"], Created = 1, KeyId = "a\"b\\c", Nonce = "AbCdEfGhIjKlMnOpQrStUv" };

        var text = parameters.ToText();

        Assert.Equal("(\"@method\");created=1;keyid=\"a\\\"b\\\\c\";alg=\"ed25519\";nonce=\"AbCdEfGhIjKlMnOpQrStUv\"", text);
        Assert.Equal(parameters.KeyId, SignatureParams.Parse("sig1=" + text).Value!.KeyId);
    }
}
