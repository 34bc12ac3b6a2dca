using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Signatures;

/// <summary>One-rule-broken tests for the certificate, identity headers, components, digest and signature.</summary>
public sealed class RequestVerifierIdentityTests : IDisposable
{
    private readonly SigningIdentity _alice = Fixtures.Fresh("alice");
    private readonly SigningIdentity _bob = Fixtures.Fresh("bob");

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private static VerificationResult Verify(VerifyRequest request, VerifyOptions? options = null) =>
        RequestVerifier.Verify(request, options ?? Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()));

    private static CraftedRequest WithComponents(CraftedRequest crafted, params string[] components) =>
        crafted with { Parameters = crafted.Parameters with { Components = components } };

    [Fact]
    public void Verify_CertHeaderAbsentAndUncovered_FailsWithCertHeaderMissing()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), "@method", "@target-uri", "content-digest", "sigilum-namespace", "sigilum-subject", "sigilum-agent-key");
        var request = crafted.WithHeader(SigilumHeaders.AgentCert, null).Signed();

        Assert.Equal(ErrorCatalogue.SigCertHeaderMissing, Verify(request).Code);
    }

    [Theory]
    [InlineData("not base64url!")]
    [InlineData("e30=")]
    [InlineData("bm90IGpzb24")]
    [InlineData("e30")]
    [InlineData("W10")]
    public void Verify_CertHeaderUndecodable_FailsWithCertHeaderInvalid(string cert)
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentCert, cert).Signed();

        Assert.Equal(ErrorCatalogue.SigCertHeaderInvalid, Verify(request).Code);
    }

    [Fact]
    public void Verify_CertHeaderPadded_FailsWithCertHeaderInvalid()
    {
        // The Go SDK and the gateway decode with RawURLEncoding, which refuses padding; so do we.
        // Padding exists only when the JSON length is not a multiple of 3; the issuedAt text is opaque and
        // signed as is, so vary its length until the header needs padding.
        var identity = new[] { "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.12Z" }
            .Select(issuedAt => { var kp = Ed25519KeyPair.Generate(); return SigningIdentity.Create(kp, AgentCertificate.Issue(kp, "alice", issuedAt)); })
            .First(i => i.CertificateHeader.Length % 4 != 0);
        var padded = identity.CertificateHeader + new string('=', 4 - (identity.CertificateHeader.Length % 4));
        var crafted = CraftedRequest.Valid(identity);

        Assert.True(Verify(crafted.Signed()).IsValid);
        Assert.Equal(ErrorCatalogue.SigCertHeaderInvalid, Verify(crafted.WithHeader(SigilumHeaders.AgentCert, padded).Signed()).Code);
    }

    [Fact]
    public void Verify_CertProofBroken_FailsWithCertInvalid()
    {
        var forged = _alice.Certificate with { IssuedAt = "2030-01-01T00:00:00Z" };
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentCert, forged.ToHeaderValue()).Signed();

        Assert.Equal(ErrorCatalogue.SigCertInvalid, Verify(request).Code);
    }

    [Fact]
    public void Verify_ForgedCertAfterGenuineOneWasCached_FailsWithCertInvalid()
    {
        Assert.True(Verify(CraftedRequest.Valid(_alice).Signed()).IsValid);
        var forged = _alice.Certificate with { IssuedAt = "2031-01-01T00:00:00Z" };

        var result = Verify(CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentCert, forged.ToHeaderValue()).Signed());

        Assert.Equal(ErrorCatalogue.SigCertInvalid, result.Code);
    }

    [Fact]
    public void Verify_CertClaimsOtherNamespaceWithSameKey_FailsWithCertInvalid()
    {
        // A certificate whose did/keyId were not derived from its namespace is refused by the proof check.
        var forged = _alice.Certificate with { Namespace = "mallory" };
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentCert, forged.ToHeaderValue()).Signed();

        Assert.Equal(ErrorCatalogue.SigCertInvalid, Verify(request).Code);
    }

    [Fact]
    public void Verify_KeyHeaderAbsentAndUncovered_FailsWithKeyHeaderMissing()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), "@method", "@target-uri", "content-digest", "sigilum-namespace", "sigilum-subject", "sigilum-agent-cert");
        var request = crafted.WithHeader(SigilumHeaders.AgentKey, null).Signed();

        Assert.Equal(ErrorCatalogue.SigKeyHeaderMissing, Verify(request).Code);
    }

    [Fact]
    public void Verify_KeyHeaderOfAnotherKey_FailsWithKeyMismatch()
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentKey, _bob.AgentKeyHeader).Signed();

        Assert.Equal(ErrorCatalogue.SigKeyMismatch, Verify(request).Code);
    }

    [Fact]
    public void Verify_NamespaceHeaderDiffersFromCertificate_FailsWithNamespaceMismatch()
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.Namespace, "bob").Signed();

        Assert.Equal(ErrorCatalogue.SigNamespaceMismatch, Verify(request).Code);
    }

    [Fact]
    public void Verify_SubjectAbsentAndUncovered_FailsWithSubjectMissing()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), "@method", "@target-uri", "content-digest", "sigilum-namespace", "sigilum-agent-key", "sigilum-agent-cert");
        var request = crafted.WithHeader(SigilumHeaders.Subject, null).Signed();

        Assert.Equal(ErrorCatalogue.SigSubjectMissing, Verify(request).Code);
    }

    [Fact]
    public void Verify_SubjectPresentButUncovered_FailsWithSubjectComponentMissing()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), "@method", "@target-uri", "content-digest", "sigilum-namespace", "sigilum-agent-key", "sigilum-agent-cert");

        Assert.Equal(ErrorCatalogue.SigSubjectComponentMissing, Verify(crafted.Signed()).Code);
    }

    [Fact]
    public void SIG_08_ComponentsReordered_FailsWithSignedComponentsInvalid()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), "@target-uri", "@method", "content-digest", "sigilum-namespace", "sigilum-subject", "sigilum-agent-key", "sigilum-agent-cert");

        Assert.Equal(ErrorCatalogue.SigSignedComponentsInvalid, Verify(crafted.Signed()).Code);
    }

    [Fact]
    public void SIG_12_BodyButDigestNotCovered_FailsWithSignedComponentsInvalid()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), [.. SignatureComponents.NoBody]);

        var result = Verify(crafted.Signed());

        Assert.Equal(ErrorCatalogue.SigSignedComponentsInvalid, result.Code);
        Assert.Contains("content-digest", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AgentIdVariantWhenNotAllowed_FailsWithSignedComponentsInvalid()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), [.. SignatureComponents.WithBodyWithAgentId]).WithHeader(SigilumHeaders.AgentId, "agent-7");

        Assert.Equal(ErrorCatalogue.SigSignedComponentsInvalid, Verify(crafted.Signed()).Code);
    }

    [Fact]
    public void Verify_AgentIdVariantWhenAllowed_IsValidAndReportsAgentId()
    {
        var crafted = WithComponents(CraftedRequest.Valid(_alice), [.. SignatureComponents.WithBodyWithAgentId]).WithHeader(SigilumHeaders.AgentId, "agent-7");
        var options = Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()) with { AllowAgentIdComponent = true };

        var result = Verify(crafted.Signed(), options);

        Assert.True(result.IsValid, result.Code);
        Assert.Equal("agent-7", result.AgentId);
    }

    [Fact]
    public void Verify_AgentIdHeaderUncovered_FailsWithSignedComponentsInvalid()
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.AgentId, "agent-7").Signed();
        var options = Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()) with { AllowAgentIdComponent = true };

        Assert.Equal(ErrorCatalogue.SigSignedComponentsInvalid, Verify(request, options).Code);
    }

    [Fact]
    public void Verify_UnexpectedNamespace_FailsWithExpectedNamespaceMismatch()
    {
        var options = Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()) with { ExpectedNamespace = "bob" };

        Assert.Equal(ErrorCatalogue.SigExpectedNamespaceMismatch, Verify(CraftedRequest.Valid(_alice).Signed(), options).Code);
    }

    [Fact]
    public void Verify_UnexpectedSubject_FailsWithExpectedSubjectMismatch()
    {
        var options = Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()) with { ExpectedSubject = "someone-else" };

        Assert.Equal(ErrorCatalogue.SigExpectedSubjectMismatch, Verify(CraftedRequest.Valid(_alice).Signed(), options).Code);
    }

    [Fact]
    public void Verify_KeyIdParameterOfAnotherKey_FailsWithKeyIdMismatch()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var request = (crafted with { Parameters = crafted.Parameters with { KeyId = _bob.KeyId } }).Signed();

        Assert.Equal(ErrorCatalogue.SigKeyIdMismatch, Verify(request).Code);
    }

    [Fact]
    public void SIG_13_BodySwappedAfterSigning_FailsWithContentDigestMismatch()
    {
        var request = CraftedRequest.Valid(_alice).Signed() with { Body = "{\"a\":2}"u8.ToArray() };

        Assert.Equal(ErrorCatalogue.SigContentDigestMismatch, Verify(request).Code);
    }

    [Theory]
    [InlineData("md5=:AAAAAAAAAAAAAAAAAAAAAA==:")]
    [InlineData("crc32c=:AAAAAA==:")]
    [InlineData("sha-256=abc")]
    [InlineData("sha-256=:AAAA:")]
    public void SIG_14_DigestUnknownOnlyOrMalformed_FailsWithContentDigestInvalid(string digest)
    {
        var request = CraftedRequest.Valid(_alice).WithHeader(SigilumHeaders.ContentDigest, digest).Signed();

        Assert.Equal(ErrorCatalogue.SigContentDigestInvalid, Verify(request).Code);
    }

    [Fact]
    public void Verify_Sha512DigestOnly_IsValid()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var digest = "sha-512=:" + Base64Std.Encode(System.Security.Cryptography.SHA512.HashData(crafted.Body)) + ":";

        Assert.True(Verify(crafted.WithHeader(SigilumHeaders.ContentDigest, digest).Signed()).IsValid);
    }

    [Fact]
    public void SIG_14_Sha512RightButSha256Wrong_FailsWithContentDigestMismatch()
    {
        var crafted = CraftedRequest.Valid(_alice);
        var digest = "sha-256=:" + Base64Std.Encode(new byte[32]) + ":, sha-512=:" + Base64Std.Encode(System.Security.Cryptography.SHA512.HashData(crafted.Body)) + ":";

        Assert.Equal(ErrorCatalogue.SigContentDigestMismatch, Verify(crafted.WithHeader(SigilumHeaders.ContentDigest, digest).Signed()).Code);
    }

    [Fact]
    public void Verify_SignatureBytesFlipped_FailsWithVerificationFailed()
    {
        var request = CraftedRequest.Valid(_alice).Signed();
        var sig = request.Headers.Single(h => h.Key == SigilumHeaders.Signature).Value;
        var bytes = Convert.FromBase64String(sig[6..^1]);
        bytes[10] ^= 0x01;
        request = request with { Headers = [.. request.Headers.Where(h => h.Key != SigilumHeaders.Signature), new(SigilumHeaders.Signature, "sig1=:" + Convert.ToBase64String(bytes) + ":")] };

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(request).Code);
    }

    [Fact]
    public void Verify_TargetUriDiffers_FailsWithVerificationFailed()
    {
        var request = CraftedRequest.Valid(_alice).Signed() with { TargetUri = CraftedRequest.Url.Replace("x=1", "x=2", StringComparison.Ordinal) };

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(request).Code);
    }

    [Fact]
    public void Verify_SignedByAnotherKeyWithVictimsCertificate_FailsWithVerificationFailed()
    {
        // Bob presents Alice's certificate and key headers but signs with his own key.
        var crafted = CraftedRequest.Valid(_alice) with { Identity = _bob };

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(crafted.Signed()).Code);
    }

    [Fact]
    public void Verify_ForgedRequest_DoesNotBurnTheNonce()
    {
        var nonces = Fixtures.NonceSet();
        var crafted = CraftedRequest.Valid(_alice);
        var forged = (crafted with { Identity = _bob }).Signed();
        var genuine = crafted.Signed();
        var options = Fixtures.At(ConformanceVectors.Created + 5, nonces);

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, Verify(forged, options).Code);
        Assert.True(Verify(genuine, options).IsValid);
    }

    [Fact]
    public void RPL_07_SameNonceInAnotherNamespace_IsIndependent()
    {
        var nonces = Fixtures.NonceSet();
        var options = Fixtures.At(ConformanceVectors.Created + 5, nonces);
        var a = CraftedRequest.Valid(_alice);
        var b = CraftedRequest.Valid(_bob) with { Parameters = CraftedRequest.Valid(_bob).Parameters with { Nonce = a.Parameters.Nonce } };

        Assert.True(Verify(a.Signed(), options).IsValid);
        Assert.True(Verify(b.Signed(), options).IsValid);
    }

    [Fact]
    public void Verify_FixtureIdentityReloaded_StillVerifiesItsOwnSignature()
    {
        // Guards the key id derivation: the reloaded record must yield the same key id and key header.
        using var reloaded = Fixtures.FixtureAlice();
        Assert.Equal(AgentKeys.KeyId(reloaded.Certificate.Did, AgentKeys.TryParse(reloaded.AgentKeyHeader, out var pk) ? pk : []), reloaded.KeyId);
        Assert.Equal(Ed25519.PublicKeySize, pk!.Length);
    }
}
