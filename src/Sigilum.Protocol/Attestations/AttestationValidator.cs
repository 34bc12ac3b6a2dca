using System.Text.Json;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Jose;

namespace Sigilum.Protocol.Attestations;

/// <summary>
/// Checks the claims of a verified intent attestation (sigil-vault-and-peers.md §1.4): trusted
/// <c>iss</c>, our <c>aud</c>, integer <c>iat</c>/<c>exp</c> with a 1-60 s lifetime, <c>iat</c> at
/// most 5 s ahead, no grace on <c>exp</c>, a <c>jti</c> for replay detection, payload <c>kid</c>
/// equal to the header's, and a well-formed <c>intentHash</c>. Each rule has its own error code.
/// </summary>
public static class AttestationValidator
{
    /// <summary>Verifies the JWS with <paramref name="resolveKey"/>, then validates its claims.</summary>
    public static Result<AttestationClaims> VerifyAndValidate(
        string? token, Func<string, Jwk?> resolveKey, AttestationValidationOptions options, JwsVerifierOptions? jwsOptions = null)
    {
        var jws = JwsVerifier.Verify(token, resolveKey, jwsOptions);
        return jws.IsSuccess ? Validate(jws.Value, options) : Result<AttestationClaims>.Fail(jws.Error);
    }

    /// <summary>Validates the claims of an already verified JWS.</summary>
    public static Result<AttestationClaims> Validate(VerifiedJws jws, AttestationValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(options);
        var payload = jws.Payload;
        var now = options.Time.GetUtcNow().ToUnixTimeSeconds();

        if (!ClaimReader.TryGetOptionalString(payload, "iss", out var issuer) || issuer is null ||
            !options.TrustedIssuers.Contains(issuer, StringComparer.Ordinal))
        {
            return Fail(ErrorCatalogue.AttestationIssuerUntrusted, "The issuer is not trusted.");
        }
        if (!TryReadAudiences(payload, out var audiences) ||
            (options.RequireSingleAudience && audiences.Count != 1) ||
            !audiences.Any(a => options.AcceptedAudiences.Contains(a, StringComparer.Ordinal)))
        {
            return Fail(ErrorCatalogue.AttestationAudienceInvalid, "The audience does not name this service.");
        }
        if (!ClaimReader.TryGetUnixSeconds(payload, "iat", out var iat) || !ClaimReader.TryGetUnixSeconds(payload, "exp", out var exp))
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "iat and exp must be non-negative JSON integers.");
        }
        var hasNbf = payload.TryGetProperty("nbf", out _);
        var nbf = 0L;
        if (hasNbf && !ClaimReader.TryGetUnixSeconds(payload, "nbf", out nbf))
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "nbf must be a non-negative JSON integer.");
        }
        var latestStart = now + (long)options.MaxFutureSkew.TotalSeconds;
        if (iat > latestStart || (hasNbf && nbf > latestStart))
        {
            return Fail(ErrorCatalogue.AttestationNotYetValid, "The attestation is issued in the future.");
        }
        // RFC 7519 §4.1.4: reject on or after exp. No leeway: lifetimes are seconds long.
        if (exp <= now)
        {
            return Fail(ErrorCatalogue.AttestationExpired, "The attestation has expired.");
        }
        if (exp - iat < 1)
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "exp must be after iat.");
        }
        if (exp - iat > (long)options.MaxLifetime.TotalSeconds)
        {
            return Fail(ErrorCatalogue.AttestationLifetimeTooLong, $"The lifetime exceeds {options.MaxLifetime.TotalSeconds:0} seconds.");
        }
        if (!payload.TryGetProperty("jti", out var jtiElement) ||
            (jtiElement.ValueKind == JsonValueKind.String && jtiElement.GetString()!.Length == 0))
        {
            return Fail(ErrorCatalogue.AttestationJtiMissing, "The attestation has no jti.");
        }
        if (jtiElement.ValueKind != JsonValueKind.String || jtiElement.GetString()!.Length > options.MaxJtiLength)
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "jti must be a bounded string.");
        }
        if (!ClaimReader.TryGetOptionalString(payload, "kid", out var payloadKid))
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "kid must be a string.");
        }
        if (payloadKid is not null && !string.Equals(payloadKid, jws.KeyId, StringComparison.Ordinal))
        {
            return Fail(ErrorCatalogue.AttestationKidMismatch, "The payload kid differs from the header kid.");
        }
        if (!ClaimReader.TryGetOptionalString(payload, "intentHash", out var intentHash) || !ClaimReader.IsLowerHexSha256(intentHash) ||
            !ClaimReader.TryGetOptionalString(payload, "sub", out var subject) ||
            !ClaimReader.TryGetOptionalString(payload, "policyHash", out var policyHash))
        {
            return Fail(ErrorCatalogue.AttestationClaimsInvalid, "intentHash must be 64 lower-case hex digits; sub and policyHash strings.");
        }
        if (options.ExpectedIntentHash is not null && !string.Equals(intentHash, options.ExpectedIntentHash, StringComparison.Ordinal))
        {
            return Fail(ErrorCatalogue.AttestationIntentMismatch, "The attested intent is not this request.");
        }
        return Result<AttestationClaims>.Ok(new AttestationClaims
        {
            Issuer = issuer,
            Subject = subject,
            Audiences = audiences,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(iat),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(exp),
            Jti = jtiElement.GetString()!,
            IntentHash = intentHash!,
            PolicyHash = policyHash,
            KeyId = jws.KeyId,
            Payload = payload,
        });
    }

    // RFC 7519 §4.1.3: a string, or an array of strings; we also refuse an empty array.
    private static bool TryReadAudiences(JsonElement payload, out List<string> audiences)
    {
        audiences = [];
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return false;
        }
        if (aud.ValueKind == JsonValueKind.String)
        {
            audiences.Add(aud.GetString()!);
            return true;
        }
        if (aud.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var item in aud.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
            audiences.Add(item.GetString()!);
        }
        return audiences.Count > 0;
    }

    private static Result<AttestationClaims> Fail(string code, string reason) => Result<AttestationClaims>.Fail(code, reason);
}
