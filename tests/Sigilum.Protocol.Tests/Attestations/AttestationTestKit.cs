using Sigilum.Protocol.Jose;

namespace Sigilum.Protocol.Attestations;

/// <summary>A valid attestation as raw claim JSON, so each test can change exactly one claim.</summary>
internal static class AttestationTestKit
{
    public const long Now = 1_800_000_000;

    public const string IntentHash = "5eec3611d6dded4d0c10f3a197184a7e75ad8de43b5179d1aaea0be1b1679d73";

    /// <summary>Claim name to raw JSON value, in the live signer's order.</summary>
    public static Dictionary<string, string> Claims() => new()
    {
        ["iss"] = "\"sigil-core\"",
        ["sub"] = "\"agent-1\"",
        ["aud"] = "\"sigil-vault\"",
        ["iat"] = (Now - 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["exp"] = (Now + 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["jti"] = "\"jti-0001\"",
        ["kid"] = "\"" + JwsTestKit.Kid + "\"",
        ["intentHash"] = "\"" + IntentHash + "\"",
        ["policyHash"] = "\"opaque-policy\"",
    };

    public static AttestationValidationOptions Options(TimeProvider? time = null) => new()
    {
        TrustedIssuers = ["sigil-core"],
        AcceptedAudiences = ["sigil-vault"],
        Time = time ?? new FakeTimeProvider(Now),
    };

    public static string Token(Dictionary<string, string> claims) =>
        JwsTestKit.Forge(JwsTestKit.Header(), "{" + string.Join(",", claims.Select(c => "\"" + c.Key + "\":" + c.Value)) + "}");

    public static Result<AttestationClaims> Validate(Dictionary<string, string> claims, AttestationValidationOptions? options = null) =>
        AttestationValidator.VerifyAndValidate(Token(claims), JwsTestKit.Keys.Find, options ?? Options());

    /// <summary>The baseline with one claim replaced (or removed when <paramref name="rawValue"/> is null).</summary>
    public static Dictionary<string, string> With(string claim, string? rawValue)
    {
        var claims = Claims();
        if (rawValue is null)
        {
            claims.Remove(claim);
        }
        else
        {
            claims[claim] = rawValue;
        }
        return claims;
    }

    public static string At(long offset) => (Now + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
