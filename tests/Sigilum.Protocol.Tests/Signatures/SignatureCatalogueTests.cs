using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Rows of reliability §3.1 (signature and header parsing) and §3.2 (replay and time) not already named in
/// <see cref="RequestVerifierTests"/> / <see cref="RequestVerifierIdentityTests"/>: each test starts from a
/// correctly signed request and breaks exactly the one thing its row describes.
/// </summary>
public sealed class SignatureCatalogueTests : IDisposable
{
    private readonly SigningIdentity _alice = Fixtures.Fresh("alice");

    public void Dispose() => _alice.Dispose();

    private static VerificationResult Verify(VerifyRequest request, VerifyOptions? options = null) =>
        RequestVerifier.Verify(request, options ?? Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()));

    private static VerifyRequest Replace(VerifyRequest request, string header, string value) =>
        request with { Headers = [.. request.Headers.Where(h => !h.Key.Equals(header, StringComparison.OrdinalIgnoreCase)), new(header, value)] };

    private static string Header(VerifyRequest request, string name) =>
        request.Headers.Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private CraftedRequest WithParameters(Func<SignatureParams, SignatureParams> change)
    {
        var crafted = CraftedRequest.Valid(_alice);
        return crafted with { Parameters = change(crafted.Parameters) };
    }

    [Fact]
    public void SIG_01_NoSignatureAndNoSignatureInput_FailsWithMissingSignatureHeaders()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Headers = [.. request.Headers.Where(h => h.Key is not (SigilumHeaders.Signature or SigilumHeaders.SignatureInput))] };

        Assert.Equal(ErrorCatalogue.SigMissingSignatureHeaders, Verify(request).Code);
    }

    [Fact]
    public void SIG_02_SignatureLabelWithoutMatchingSignatureInputLabel_FailsWithSignatureHeaderInvalid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.Signature, "sig2" + Header(request, SigilumHeaders.Signature)["sig1".Length..]);

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_03_SignatureInputLabelInOtherCase_FailsWithSignatureInputInvalid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, "Sig1" + Header(request, SigilumHeaders.SignatureInput)["sig1".Length..]);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("Sig1")]
    [InlineData("sig1 ")]
    [InlineData("SIG1")]
    public void SIG_03_SignatureLabelInOtherCaseOrSpelling_FailsWithSignatureHeaderInvalid(string label)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.Signature, label + Header(request, SigilumHeaders.Signature)["sig1".Length..]);

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_04_SameLabelTwiceInSignatureInput_FailsWithSignatureInputInvalidNotLastWins()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var input = Header(request, SigilumHeaders.SignatureInput);
        request = Replace(request, SigilumHeaders.SignatureInput, input + ", " + input);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_04_SameLabelTwiceInSignature_FailsWithSignatureHeaderInvalid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var signature = Header(request, SigilumHeaders.Signature);
        request = Replace(request, SigilumHeaders.Signature, signature + ", " + signature);

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_05_SignatureInputSplitAcrossTwoHeaderLines_FailsWithDuplicateHeader()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Headers = [.. request.Headers, new(SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput))] };

        Assert.Equal(ErrorCatalogue.SigDuplicateHeader, Verify(request).Code);
    }

    [Fact]
    public void SIG_06_SecondSignatureByAnUnregisteredKey_FailsWithSignatureInputInvalid()
    {
        using var mallory = Fixtures.Fresh("mallory");
        var ours = CraftedRequest.Valid(_alice).Signed();
        var theirs = CraftedRequest.Valid(mallory).Signed();
        var request = Replace(ours, SigilumHeaders.SignatureInput,
            Header(ours, SigilumHeaders.SignatureInput) + ", sig2" + Header(theirs, SigilumHeaders.SignatureInput)["sig1".Length..]);
        request = Replace(request, SigilumHeaders.Signature, Header(ours, SigilumHeaders.Signature) + ", sig2" + Header(theirs, SigilumHeaders.Signature)["sig1".Length..]);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_07_RequiredComponentMethodNotCovered_FailsWithSignedComponentsInvalid()
    {
        var request = WithParameters(p => p with { Components = [.. p.Components.Where(c => c != "@method")] }).Signed();

        Assert.Equal(ErrorCatalogue.SigSignedComponentsInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_09_SameComponentListedTwice_FailsWithSignatureInputInvalid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput).Replace("(\"@method\"", "(\"@method\" \"@method\"", StringComparison.Ordinal));

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData(";req")]
    [InlineData(";bs")]
    [InlineData(";sf")]
    [InlineData(";bs;sf")]
    [InlineData(";key=\"a\"")]
    [InlineData(";foo")]
    public void SIG_10_ComponentParameter_FailsWithSignatureInputInvalid(string parameter)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput).Replace("\"@method\"", "\"@method\"" + parameter, StringComparison.Ordinal));

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_11_HeaderNamedLikeDerivedComponent_FailsWithHeaderNameInvalid()
    {
        // Signed as POST; sent as GET with a forged "@method: POST" field. Such a request is refused outright.
        var request = CraftedRequest.Valid(_alice).Signed();
        request = request with { Method = "GET", Headers = [.. request.Headers, new("@method", "POST")] };

        Assert.Equal(ErrorCatalogue.SigHeaderNameInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_11_SignatureBase_NeverReadsADerivedComponentFromAField()
    {
        var parameters = CraftedRequest.Valid(_alice).Parameters with { Components = ["@method", "@authority"] };

        var built = SignatureBase.Build(parameters, "GET", CraftedRequest.Url, name => name == "@authority" ? "api.example.test" : null);

        Assert.Equal(ErrorCatalogue.SigSigningBaseInvalid, built.Error?.Code);
    }

    [Fact]
    public void SIG_17_NonAsciiInCoveredHeaderValue_FailsWithSigningBaseInvalid()
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.Subject, "caf\u00e9").Signed();

        Assert.Equal(ErrorCatalogue.SigSigningBaseInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_17_NonAsciiInSignatureInput_FailsWithSignatureInputInvalid()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput).Replace("\"@method\"", "\"@m\u00e9thod\"", StringComparison.Ordinal));

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("sig1=(\"@method\" \"@target-uri);created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("sig1=(@method \"@target-uri\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("SIG1=(\"@method\");created=1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("sig1=(\"@method\");created=1700000000000000;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("sig1=(\"@method\");created=-1700000000;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    [InlineData("sig1=(\"@method\");created=1700000000.0;keyid=\"k\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"")]
    public void SIG_19_StructuredFieldEdgeCase_Refused(string signatureInput)
    {
        var request = CraftedRequest.Valid(_alice).Signed(signatureInputOverride: signatureInput);

        Assert.False(Verify(request).IsValid);
        Assert.Contains(Verify(request).Code, new[] { ErrorCatalogue.SigSignatureInputInvalid, ErrorCatalogue.SigCreatedInvalid });
    }

    [Fact]
    public void SIG_19_SignatureWithoutBase64Padding_FailsWithSignatureHeaderInvalid()
    {
        // Pinned: only the canonical padded spelling of the 64 signature bytes is accepted.
        var request = CraftedRequest.Valid(_alice).Signed();
        Assert.True(Base64Std.TryDecode(Header(request, SigilumHeaders.Signature)["sig1=:".Length..^1], out var bytes));
        request = Replace(request, SigilumHeaders.Signature, "sig1=:" + Base64Std.Encode(bytes).TrimEnd('=') + ":");

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("did:sigilum:alice#../../etc/passwd")]
    [InlineData("did:sigilum:alice#ed25519-0000000000000000' OR '1'='1")]
    [InlineData("did:sigilum:alice#ed25519-\\\"quoted\\\"")]
    [InlineData("did:sigilum:mallory#ed25519-0000000000000000")]
    public void SIG_21_KeyIdUnknownOrHostile_FailsWithKeyIdMismatch(string keyId)
    {
        var request = WithParameters(p => p with { KeyId = keyId }).Signed();

        Assert.Equal(ErrorCatalogue.SigKeyIdMismatch, Verify(request).Code);
    }

    [Fact]
    public void SIG_21_KeyIdOf10KB_FailsWithSignatureInputInvalid()
    {
        var request = WithParameters(p => p with { KeyId = new string('k', 10 * 1024) }).Signed();

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void SIG_22_SignatureAllZeroBytes_FailsWithVerificationFailed()
    {
        var request = CraftedRequest.Valid(_alice).Signed(signatureOverride: "sig1=:" + Base64Std.Encode(new byte[64]) + ":");

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(request).Code);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(65)]
    public void SIG_22_SignatureOfWrongLength_FailsWithSignatureHeaderInvalid(int length)
    {
        var request = CraftedRequest.Valid(_alice).Signed(signatureOverride: "sig1=:" + Base64Std.Encode(new byte[length]) + ":");

        Assert.Equal(ErrorCatalogue.SigSignatureHeaderInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("https://api.example.test:443/v1/things?x=1")]
    [InlineData("https://API.example.test/v1/things?x=1")]
    [InlineData("https://api.example.test/v1/%74hings?x=1")]
    [InlineData("https://api.example.test/v1%2Fthings?x=1")]
    [InlineData("https://api.example.test/v1/things?x=1&")]
    [InlineData("https://api.example.test/v1/things?x=1#top")]
    [InlineData("http://api.example.test/v1/things?x=1")]
    public void SIG_23_TargetUriByteVariant_FailsWithVerificationFailed(string received)
    {
        var request = CraftedRequest.Valid(_alice).Signed() with { TargetUri = received };

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(request).Code);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public void SIG_24_MethodOtherThanSigned_FailsWithVerificationFailed(string method)
    {
        var request = CraftedRequest.Valid(_alice).Signed() with { Method = method };

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(request).Code);
    }

    [Theory]
    [InlineData(";tag=\"web-bot-auth\"")]
    [InlineData(";tag=\"sigilum\"")]
    public void SIG_27_TagParameter_FailsWithSignatureInputInvalid(string tag)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput) + tag);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("bot-1\n\"@method\": get")]
    [InlineData("bot-1\r\n continued")]
    [InlineData("bot-1\rx")]
    public void SIG_28_LineBreakInCoveredHeaderValue_FailsWithSigningBaseInvalid(string subject)
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.Subject, subject).Signed();

        Assert.Equal(ErrorCatalogue.SigSigningBaseInvalid, Verify(request).Code);
    }

    [Fact]
    public void RPL_01_CreatedOlderThanMaxAge_FailsWithTimestampOutOfRange()
    {
        var request = CraftedRequest.Valid(_alice).Signed();

        Assert.Equal(ErrorCatalogue.SigTimestampOutOfRange, Verify(request, Fixtures.At(ConformanceVectors.Created + 61, Fixtures.NonceSet())).Code);
    }

    [Fact]
    public void RPL_02_CreatedInTheFutureBeyondSkew_FailsWithTimestampOutOfRange()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var options = Fixtures.At(ConformanceVectors.Created - 6, Fixtures.NonceSet()) with { FutureSkew = TimeSpan.FromSeconds(5) };

        Assert.Equal(ErrorCatalogue.SigTimestampOutOfRange, Verify(request, options).Code);
    }

    [Theory]
    [InlineData(";expires=1700000300")]
    [InlineData(";expires=1699999999")]
    public void RPL_03_ExpiresParameter_FailsWithSignatureInputInvalid(string expires)
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        request = Replace(request, SigilumHeaders.SignatureInput, Header(request, SigilumHeaders.SignatureInput) + expires);

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Fact]
    public void RPL_03_CreatedAbsent_FailsWithSignatureInputInvalidNeverDefaulted()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var input = Header(request, SigilumHeaders.SignatureInput);
        request = Replace(request, SigilumHeaders.SignatureInput, input.Replace($";created={ConformanceVectors.Created}", "", StringComparison.Ordinal));

        Assert.Equal(ErrorCatalogue.SigSignatureInputInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0123456789abcdef")]
    [InlineData("123e4567e89b12d3a456")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("abababababababababababababababab")]
    [InlineData("123e4567-e89b-12d3-a456-4266141740+0")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000=")]
    [InlineData("123e4567/e89b/12d3/a456/426614174000")]
    [InlineData("123e4567 e89b 12d3 a456 426614174000")]
    public void RPL_05_NonceTooShortConstantOrNotBase64Url_FailsWithNonceInvalid(string nonce)
    {
        var request = WithParameters(p => p with { Nonce = nonce }).Signed();

        Assert.Equal(ErrorCatalogue.SigNonceInvalid, Verify(request).Code);
    }

    [Theory]
    [InlineData("123e4567-e89b-12d3-a456-426614174000")]
    [InlineData("q83vEjRWeJq83vEjRWeJqw")]
    [InlineData("Zm9vYmFyYmF6cXV4LV9hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk")]
    public void RPL_05_UuidOrBase64UrlOf16PlusBytes_IsAccepted(string nonce)
    {
        var request = WithParameters(p => p with { Nonce = nonce }).Signed();

        Assert.True(Verify(request).IsValid, Verify(request).Code);
    }

    [Fact]
    public void RPL_05_ReferenceSdkNonces_AlwaysPassTheRule()
    {
        // The reference SDKs send a random UUIDv4; so does ours. A thousand of them all pass.
        for (var i = 0; i < 1000; i++)
        {
            var nonce = Guid.NewGuid().ToString("D");
            Assert.True(RequestVerifier.IsValidNonce(nonce), nonce);
        }
    }

    [Fact]
    public void RPL_06_SameNonceReSignedWithAnotherCreated_FailsWithReplayDetected()
    {
        var nonces = Fixtures.NonceSet();
        var first = CraftedRequest.Valid(_alice);
        var again = first with { Parameters = first.Parameters with { Created = first.Parameters.Created + 1 } };

        Assert.True(Verify(first.Signed(), Fixtures.At(ConformanceVectors.Created + 5, nonces)).IsValid);
        Assert.Equal(ErrorCatalogue.SigReplayDetected, Verify(again.Signed(), Fixtures.At(ConformanceVectors.Created + 5, nonces)).Code);
    }
}
