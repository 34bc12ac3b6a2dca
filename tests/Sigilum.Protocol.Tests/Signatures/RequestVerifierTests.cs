using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>Each test breaks exactly one rule of a correctly signed request and expects that rule's code.</summary>
public sealed class RequestVerifierTests : IDisposable
{
    private readonly SigningIdentity _alice = Fixtures.Fresh("alice");

    public void Dispose() => _alice.Dispose();

    private static VerificationResult Verify(VerifyRequest request, VerifyOptions? options = null) =>
        RequestVerifier.Verify(request, options ?? Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()));

    [Fact]
    public void Verify_CraftedBaseline_IsValid()
    {
        var result = Verify(CraftedRequest.Valid(_alice).Signed());

        Assert.True(result.IsValid, result.Code);
    }

    [Fact]
    public void SIG_18_IdentityHeaderRepeated_FailsWithDuplicateHeader()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Headers = [.. request.Headers, new("Sigilum-Namespace", "alice")] };

        Assert.Equal(ErrorCatalogue.SigDuplicateHeader, Verify(request).Code);
    }

    [Fact]
    public void Verify_UnrelatedHeaderRepeated_IsValid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Headers = [.. request.Headers, new("accept", "a"), new("accept", "b")] };

        Assert.True(Verify(request).IsValid);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("signature-input")]
    public void SIG_02_OneOfTheTwoSignatureHeadersAbsent_FailsWithMissingSignatureHeaders(string header)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Headers = [.. request.Headers.Where(h => h.Key != header)] };

        Assert.Equal(ErrorCatalogue.SigMissingSignatureHeaders, Verify(request).Code);
    }

    [Theory]
    [InlineData("sig2=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");keyid=\"k\";created=1700000000;alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\";expires=1")]
    [InlineData("sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\"")]
    [InlineData("sig1=(\"@method\" \"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(@method);created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\";req);created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=\"1700000000\";keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\")  ;created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\", sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\", sig2=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=17000000000000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\");created=1700000000.5;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@method\";created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("Sig1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("sig1=(\"@méthod\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"")]
    [InlineData("")]
    public void Verify_SignatureInputNotInProfileShape_FailsWithSignatureInputInvalid(string signatureInput)
    {
        var request = CraftedRequest.Valid(_alice).Signed(signatureInputOverride: signatureInput);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_16_SignatureInputWith1000Components_FailsWithSignatureInputInvalid()
    {
        var components = string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"\"h{i}\""));
        var request = CraftedRequest.Valid(_alice).Signed(signatureInputOverride: $"sig1=({components});created=1;keyid=\"k\";alg=\"ed25519\";nonce=\"n\"");

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Verify_CreatedNotPositive_FailsWithCreatedInvalid(long created)
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { Created = created } }).Signed();

        Assert.Equal(ErrorCatalogue.SigCreatedInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("hmac-sha256")]
    [InlineData("rsa-v1_5-sha256")]
    [InlineData("ecdsa-p256-sha256")]
    public void SIG_20_AlgorithmOtherThanEd25519_FailsWithAlgorithmUnsupported(string alg)
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { Algorithm = alg } }).Signed(
            signatureInputOverride: "sig1=" + crafted.Parameters.ToText().Replace("alg=\"ed25519\"", $"alg=\"{alg}\"", StringComparison.Ordinal));

        Assert.Equal(ErrorCatalogue.SigAlgorithmUnsupported, Verify(request).Code);
    }

    [Fact]
    public void Verify_AlgorithmUpperCase_IsAcceptedAsReferenceVerifiersDo()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = crafted.Signed(signatureInputOverride: "sig1=" + crafted.Parameters.ToText().Replace("alg=\"ed25519\"", "alg=\"ED25519\"", StringComparison.Ordinal));

        Assert.True(Verify(request).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void RPL_05_NonceEmptyOrBlank_FailsWithNonceInvalid(string nonce)
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { Nonce = nonce } }).Signed();

        Assert.Equal(ErrorCatalogue.SigNonceInvalid, Verify(request).Code);
    }

    [Fact]
    public void RPL_05_NonceLongerThan128_FailsWithNonceInvalid()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { Nonce = new string('n', 129) } }).Signed();

        Assert.Equal(ErrorCatalogue.SigNonceInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData(61, 0, false)]
    [InlineData(60, 0, true)]
    [InlineData(-1, 0, false)]
    [InlineData(-5, 5, true)]
    [InlineData(-6, 5, false)]
    public void Verify_CreatedWindow_AcceptsOnlyWithinMaxAgeAndSkew(long ageSeconds, int skewSeconds, bool valid)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var options = Fixtures.At(ConformanceVectors.Created + ageSeconds, Fixtures.NonceSet(), TimeSpan.FromSeconds(60)) with { FutureSkew = TimeSpan.FromSeconds(skewSeconds) };

        var result = Verify(request, options);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ErrorCatalogue.SigTimestampOutOfRange, result.Code);
        }
    }

    [Theory]
    [InlineData("sig1=:AAAA:")]
    [InlineData("sig2=:{0}:")]
    [InlineData("sig1=:{0}:;x=1")]
    [InlineData("sig1={0}")]
    [InlineData("sig1=:{1}:")]
    [InlineData("sig1=:{0}:, sig2=:{0}:")]
    public void Verify_SignatureHeaderMalformed_FailsWithSignatureHeaderInvalid(string template)
    {
        var sig = Convert.ToBase64String(new byte[64]);
        var unpadded = Convert.ToBase64String(new byte[63]).TrimEnd('=') + "A";
        var request = CraftedRequest.Valid(_alice).Signed(signatureOverride: string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sig, unpadded));

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("sigilum-subject", null)]
    [InlineData("sigilum-subject", "caf\u00e9")]
    [InlineData("sigilum-subject", "a\nb")]
    [InlineData("content-digest", null)]
    public void Verify_CoveredHeaderMissingOrNotVisibleAscii_FailsWithSigningBaseInvalid(string header, string? value)
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(header, value).Signed();

        Assert.Equal(ErrorCatalogue.SigSigningBaseInvalid, Verify(request).Code);
    }

    [Fact]
    public void Verify_UnknownDerivedComponent_FailsWithSigningBaseInvalid()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { Components = ["@method", "@authority"] } }).Signed();

        Assert.Equal(ErrorCatalogue.SigSigningBaseInvalid, Verify(request).Code);
    }
}
