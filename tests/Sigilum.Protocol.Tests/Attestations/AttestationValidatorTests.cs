using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Jose;
using static Sigilum.Protocol.Attestations.AttestationTestKit;

namespace Sigilum.Protocol.Attestations;

public sealed class AttestationValidatorTests
{
    [Fact]
    public void Validate_Baseline_ReturnsClaims()
    {
        var result = Validate(Claims());

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("sigil-core", result.Value.Issuer);
        Assert.Equal("agent-1", result.Value.Subject);
        Assert.Equal(["sigil-vault"], result.Value.Audiences);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now - 10), result.Value.IssuedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Now + 20), result.Value.ExpiresAt);
        Assert.Equal("jti-0001", result.Value.Jti);
        Assert.Equal(IntentHash, result.Value.IntentHash);
        Assert.Equal("opaque-policy", result.Value.PolicyHash);
        Assert.Equal(JwsTestKit.Kid, result.Value.KeyId);
    }

    public static TheoryData<string, string?, string> OneClaimWrong => new()
    {
        // Issuer: absent, unknown, differently cased, wrong type.
        { "iss", null, ErrorCatalogue.AttestationIssuerUntrusted },
        { "iss", "\"evil-signer\"", ErrorCatalogue.AttestationIssuerUntrusted },
        { "iss", "\"Sigil-Core\"", ErrorCatalogue.AttestationIssuerUntrusted },
        { "iss", "[\"sigil-core\"]", ErrorCatalogue.AttestationIssuerUntrusted },
        // Audience.
        { "aud", null, ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "\"sigil-sign\"", ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "\"Sigil-Vault\"", ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "[]", ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "[\"sigil-sign\"]", ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "[\"sigil-vault\",1]", ErrorCatalogue.AttestationAudienceInvalid },
        { "aud", "{\"0\":\"sigil-vault\"}", ErrorCatalogue.AttestationAudienceInvalid },
        // Numeric claims must be plain non-negative JSON integers (JWT-17).
        { "iat", null, ErrorCatalogue.AttestationClaimsInvalid },
        { "iat", "\"" + At(-10) + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "iat", At(-10) + ".0", ErrorCatalogue.AttestationClaimsInvalid },
        { "iat", "1.79999999e9", ErrorCatalogue.AttestationClaimsInvalid },
        { "iat", "true", ErrorCatalogue.AttestationClaimsInvalid },
        { "iat", "-1", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", null, ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", "\"" + At(20) + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", At(20) + ".5", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", "1e309", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", "99999999999999999999", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", "253402300800", ErrorCatalogue.AttestationClaimsInvalid },
        { "exp", "null", ErrorCatalogue.AttestationClaimsInvalid },
        { "nbf", "\"0\"", ErrorCatalogue.AttestationClaimsInvalid },
        // Time.
        { "iat", At(6), ErrorCatalogue.AttestationNotYetValid },
        { "nbf", At(6), ErrorCatalogue.AttestationNotYetValid },
        { "exp", At(0), ErrorCatalogue.AttestationExpired },
        { "exp", At(-1), ErrorCatalogue.AttestationExpired },
        { "exp", At(51), ErrorCatalogue.AttestationLifetimeTooLong },
        { "exp", At(-10), ErrorCatalogue.AttestationExpired },
        // jti.
        { "jti", null, ErrorCatalogue.AttestationJtiMissing },
        { "jti", "\"\"", ErrorCatalogue.AttestationJtiMissing },
        { "jti", "42", ErrorCatalogue.AttestationClaimsInvalid },
        { "jti", "null", ErrorCatalogue.AttestationClaimsInvalid },
        { "jti", "\"" + new string('j', 257) + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        // kid.
        { "kid", "\"attest-key-2\"", ErrorCatalogue.AttestationKidMismatch },
        { "kid", "\"ATTEST-KEY-1\"", ErrorCatalogue.AttestationKidMismatch },
        { "kid", "1", ErrorCatalogue.AttestationClaimsInvalid },
        // intentHash and the other string claims.
        { "intentHash", null, ErrorCatalogue.AttestationClaimsInvalid },
        { "intentHash", "\"" + IntentHash.ToUpperInvariant() + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "intentHash", "\"" + IntentHash[..63] + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "intentHash", "\"" + IntentHash[..63] + "g\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "intentHash", "\"sha256:" + IntentHash + "\"", ErrorCatalogue.AttestationClaimsInvalid },
        { "sub", "1", ErrorCatalogue.AttestationClaimsInvalid },
        { "policyHash", "{}", ErrorCatalogue.AttestationClaimsInvalid },
    };

    [Theory]
    [MemberData(nameof(OneClaimWrong))]
    public void Validate_OneClaimWrong_FailsWithItsCode(string claim, string? rawValue, string expectedCode)
    {
        var result = Validate(With(claim, rawValue));

        Assert.False(result.IsSuccess);
        Assert.Equal(expectedCode, result.Error.Code);
    }

    [Theory]
    [InlineData("iat", "5")]       // iat may be up to 5 s ahead
    [InlineData("nbf", "5")]
    [InlineData("exp", "1")]       // expires one second from now
    [InlineData("exp", "50")]      // lifetime exactly 60 s
    public void Validate_AtTheBoundary_Succeeds(string claim, string offset)
    {
        var result = Validate(With(claim, At(long.Parse(offset, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.True(result.IsSuccess, result.Error?.ToString());
    }

    [Fact]
    public void Validate_ExpEqualsIat_FailsClaimsInvalid()
    {
        var claims = With("iat", At(1));
        claims["exp"] = At(1);

        Assert.Equal(ErrorCatalogue.AttestationClaimsInvalid, Validate(claims).Error?.Code);
    }

    [Fact]
    public void Validate_ClockReachesExp_FailsExpiredWithoutGrace()
    {
        var clock = new FakeTimeProvider(Now);
        var token = Token(Claims());
        clock.Advance(TimeSpan.FromSeconds(19.999));
        Assert.True(AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options(clock)).IsSuccess);

        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ErrorCatalogue.AttestationExpired, AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options(clock)).Error?.Code);
    }

    [Fact]
    public void Validate_AudienceArrayContainingOurs_Succeeds()
    {
        Assert.True(Validate(With("aud", "[\"sigil-sign\",\"sigil-vault\"]")).IsSuccess);
    }

    [Fact]
    public void Validate_RequireSingleAudienceWithTwo_FailsAudienceInvalid()
    {
        var options = Options() with { RequireSingleAudience = true };

        Assert.True(Validate(With("aud", "[\"sigil-vault\"]"), options).IsSuccess);
        Assert.Equal(ErrorCatalogue.AttestationAudienceInvalid, Validate(With("aud", "[\"sigil-sign\",\"sigil-vault\"]"), options).Error?.Code);
    }

    [Fact]
    public void Validate_NoPayloadKid_Succeeds()
    {
        Assert.True(Validate(With("kid", null)).IsSuccess);
    }

    [Fact]
    public void Validate_ExpectedIntentHash_MustMatch()
    {
        var matching = Options() with { ExpectedIntentHash = IntentHash };
        var other = Options() with { ExpectedIntentHash = new string('0', 64) };

        Assert.True(Validate(Claims(), matching).IsSuccess);
        Assert.Equal(ErrorCatalogue.AttestationIntentMismatch, Validate(Claims(), other).Error?.Code);
    }

    [Fact]
    public void VerifyAndValidate_JwsFailure_PassesJwsCodeThrough()
    {
        var duplicateExp = "{\"iss\":\"sigil-core\",\"aud\":\"sigil-vault\",\"exp\":1,\"exp\":" + At(20) + "}";
        var token = JwsTestKit.Forge(JwsTestKit.Header(), duplicateExp);

        var result = AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options());

        Assert.Equal(ErrorCatalogue.JwsMalformed, result.Error?.Code);
    }
}
