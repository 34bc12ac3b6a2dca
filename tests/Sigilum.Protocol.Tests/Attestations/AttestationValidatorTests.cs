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
        { "iss", null, AttestationErrorCodes.IssuerUntrusted },
        { "iss", "\"evil-signer\"", AttestationErrorCodes.IssuerUntrusted },
        { "iss", "\"Sigil-Core\"", AttestationErrorCodes.IssuerUntrusted },
        { "iss", "[\"sigil-core\"]", AttestationErrorCodes.IssuerUntrusted },
        // Audience.
        { "aud", null, AttestationErrorCodes.AudienceInvalid },
        { "aud", "\"sigil-sign\"", AttestationErrorCodes.AudienceInvalid },
        { "aud", "\"Sigil-Vault\"", AttestationErrorCodes.AudienceInvalid },
        { "aud", "[]", AttestationErrorCodes.AudienceInvalid },
        { "aud", "[\"sigil-sign\"]", AttestationErrorCodes.AudienceInvalid },
        { "aud", "[\"sigil-vault\",1]", AttestationErrorCodes.AudienceInvalid },
        { "aud", "{\"0\":\"sigil-vault\"}", AttestationErrorCodes.AudienceInvalid },
        // Numeric claims must be plain non-negative JSON integers (JWT-17).
        { "iat", null, AttestationErrorCodes.ClaimsInvalid },
        { "iat", "\"" + At(-10) + "\"", AttestationErrorCodes.ClaimsInvalid },
        { "iat", At(-10) + ".0", AttestationErrorCodes.ClaimsInvalid },
        { "iat", "1.79999999e9", AttestationErrorCodes.ClaimsInvalid },
        { "iat", "true", AttestationErrorCodes.ClaimsInvalid },
        { "iat", "-1", AttestationErrorCodes.ClaimsInvalid },
        { "exp", null, AttestationErrorCodes.ClaimsInvalid },
        { "exp", "\"" + At(20) + "\"", AttestationErrorCodes.ClaimsInvalid },
        { "exp", At(20) + ".5", AttestationErrorCodes.ClaimsInvalid },
        { "exp", "1e309", AttestationErrorCodes.ClaimsInvalid },
        { "exp", "99999999999999999999", AttestationErrorCodes.ClaimsInvalid },
        { "exp", "253402300800", AttestationErrorCodes.ClaimsInvalid },
        { "exp", "null", AttestationErrorCodes.ClaimsInvalid },
        { "nbf", "\"0\"", AttestationErrorCodes.ClaimsInvalid },
        // Time.
        { "iat", At(6), AttestationErrorCodes.NotYetValid },
        { "nbf", At(6), AttestationErrorCodes.NotYetValid },
        { "exp", At(0), AttestationErrorCodes.Expired },
        { "exp", At(-1), AttestationErrorCodes.Expired },
        { "exp", At(51), AttestationErrorCodes.LifetimeTooLong },
        { "exp", At(-10), AttestationErrorCodes.Expired },
        // jti.
        { "jti", null, AttestationErrorCodes.JtiMissing },
        { "jti", "\"\"", AttestationErrorCodes.JtiMissing },
        { "jti", "42", AttestationErrorCodes.ClaimsInvalid },
        { "jti", "null", AttestationErrorCodes.ClaimsInvalid },
        { "jti", "\"" + new string('j', 257) + "\"", AttestationErrorCodes.ClaimsInvalid },
        // kid.
        { "kid", "\"attest-key-2\"", AttestationErrorCodes.KidMismatch },
        { "kid", "\"ATTEST-KEY-1\"", AttestationErrorCodes.KidMismatch },
        { "kid", "1", AttestationErrorCodes.ClaimsInvalid },
        // intentHash and the other string claims.
        { "intentHash", null, AttestationErrorCodes.ClaimsInvalid },
        { "intentHash", "\"" + IntentHash.ToUpperInvariant() + "\"", AttestationErrorCodes.ClaimsInvalid },
        { "intentHash", "\"" + IntentHash[..63] + "\"", AttestationErrorCodes.ClaimsInvalid },
        { "intentHash", "\"" + IntentHash[..63] + "g\"", AttestationErrorCodes.ClaimsInvalid },
        { "intentHash", "\"sha256:" + IntentHash + "\"", AttestationErrorCodes.ClaimsInvalid },
        { "sub", "1", AttestationErrorCodes.ClaimsInvalid },
        { "policyHash", "{}", AttestationErrorCodes.ClaimsInvalid },
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

        Assert.Equal(AttestationErrorCodes.ClaimsInvalid, Validate(claims).Error?.Code);
    }

    [Fact]
    public void Validate_ClockReachesExp_FailsExpiredWithoutGrace()
    {
        var clock = new FakeTimeProvider(Now);
        var token = Token(Claims());
        clock.Advance(TimeSpan.FromSeconds(19.999));
        Assert.True(AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options(clock)).IsSuccess);

        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(AttestationErrorCodes.Expired, AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options(clock)).Error?.Code);
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
        Assert.Equal(AttestationErrorCodes.AudienceInvalid, Validate(With("aud", "[\"sigil-sign\",\"sigil-vault\"]"), options).Error?.Code);
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
        Assert.Equal(AttestationErrorCodes.IntentMismatch, Validate(Claims(), other).Error?.Code);
    }

    [Fact]
    public void VerifyAndValidate_JwsFailure_PassesJwsCodeThrough()
    {
        var duplicateExp = "{\"iss\":\"sigil-core\",\"aud\":\"sigil-vault\",\"exp\":1,\"exp\":" + At(20) + "}";
        var token = JwsTestKit.Forge(JwsTestKit.Header(), duplicateExp);

        var result = AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, Options());

        Assert.Equal(JoseErrorCodes.JwsMalformed, result.Error?.Code);
    }
}
