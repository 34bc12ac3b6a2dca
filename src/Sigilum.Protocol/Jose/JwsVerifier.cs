using System.Text.Json;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// Verifies compact JWS signed with Ed25519. The algorithm comes from the key, never from the
/// token (RFC 8725 §3.1): keys are Ed25519, so the header must say exactly <c>EdDSA</c> and nothing
/// else can verify, not <c>none</c>, not HMAC keyed with public bytes, not another spelling. Every
/// failure is a <see cref="ProtocolError"/> with a <see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/> code; bad input
/// never throws.
/// </summary>
public static class JwsVerifier
{
    /// <summary>Verifies <paramref name="token"/> with the key set's key named by the header <c>kid</c>.</summary>
    public static Result<VerifiedJws> Verify(string? token, Jwks keys, JwsVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Verify(token, keys.Find, options);
    }

    /// <summary>
    /// Verifies <paramref name="token"/>. <paramref name="resolveKey"/> receives the header
    /// <c>kid</c> (already length-checked, free of control characters) and must return the trusted
    /// key with exactly that id, or null.
    /// </summary>
    public static Result<VerifiedJws> Verify(string? token, Func<string, Jwk?> resolveKey, JwsVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolveKey);
        options ??= JwsVerifierOptions.Default;

        // 1. Shape: bounded, exactly three canonical base64url segments (RFC 7515 §7.1). A JWE has
        //    five, JSON serialisation starts with '{', and padding/whitespace never decode.
        if (string.IsNullOrEmpty(token))
        {
            return Fail(ErrorCatalogue.JwsMalformed, "The token is empty.");
        }
        if (token.Length > options.MaxTokenLength)
        {
            return Fail(ErrorCatalogue.JwsTooLarge, $"The token is longer than {options.MaxTokenLength} characters.");
        }
        var segments = token.Split('.');
        if (segments.Length != 3)
        {
            return Fail(ErrorCatalogue.JwsMalformed, "A compact JWS has exactly three segments.");
        }
        if (!Base64Url.TryDecode(segments[0], out var headerBytes) ||
            !Base64Url.TryDecode(segments[1], out var payloadBytes) ||
            !Base64Url.TryDecode(segments[2], out var signature))
        {
            return Fail(ErrorCatalogue.JwsMalformed, "Every segment must be canonical unpadded base64url.");
        }
        if (!JoseJson.TryParseObject(headerBytes, out var header))
        {
            return Fail(ErrorCatalogue.JwsMalformed, "The header must be a UTF-8 JSON object without duplicate members.");
        }

        // 2. Header policy, before any key is touched.
        var headerCheck = CheckHeader(header, options);
        if (headerCheck is not null)
        {
            return Result<VerifiedJws>.Fail(headerCheck);
        }
        var kid = header.GetProperty(JwsHeaders.Kid).GetString()!;
        var type = header.TryGetProperty(JwsHeaders.Typ, out var typ) ? typ.GetString() : null;

        // 3. Key by exact kid; the key fixes the algorithm (Ed25519).
        var key = resolveKey(kid);
        if (key is null)
        {
            return Fail(ErrorCatalogue.JwsKidUnknown, "No trusted key has this kid.");
        }

        // 4. Signature over ASCII(header '.' payload) as received (RFC 7515 §5.2 step 8).
        var signingInput = System.Text.Encoding.ASCII.GetBytes(token, 0, segments[0].Length + 1 + segments[1].Length);
        if (signature.Length != Ed25519.SignatureSize || !Ed25519.Verify(key.PublicKey, signingInput, signature))
        {
            return Fail(ErrorCatalogue.JwsSignatureInvalid, "The signature does not verify.");
        }

        // 5. Only an authenticated payload is parsed.
        if (!JoseJson.TryParseObject(payloadBytes, out var payload))
        {
            return Fail(ErrorCatalogue.JwsMalformed, "The payload must be a UTF-8 JSON object without duplicate members.");
        }
        return Result<VerifiedJws>.Ok(new VerifiedJws(header, payload, kid, type, key));
    }

    private static ProtocolError? CheckHeader(JsonElement header, JwsVerifierOptions options)
    {
        // Ordinal, exact: "none", "None", "HS256", "Ed25519" and "eddsa" all fail here.
        if (!header.TryGetProperty(JwsHeaders.Alg, out var alg) || alg.ValueKind != JsonValueKind.String ||
            !string.Equals(alg.GetString(), Jwk.Algorithm, StringComparison.Ordinal))
        {
            return new ProtocolError(ErrorCatalogue.JwsAlgUnsupported, "Only alg EdDSA is accepted.");
        }
        foreach (var name in JwsHeaders.Forbidden)
        {
            if (header.TryGetProperty(name, out _))
            {
                return new ProtocolError(ErrorCatalogue.JwsHeaderForbidden, $"Header member '{name}' is not accepted.");
            }
        }
        if (header.TryGetProperty(JwsHeaders.Typ, out var typ) &&
            (typ.ValueKind != JsonValueKind.String || !TypeMatches(typ.GetString()!, options.RequiredType)))
        {
            return new ProtocolError(ErrorCatalogue.JwsTypeInvalid, "The typ header is not the required type.");
        }
        if (options.RequiredType is not null && !header.TryGetProperty(JwsHeaders.Typ, out _))
        {
            return new ProtocolError(ErrorCatalogue.JwsTypeInvalid, "The typ header is required.");
        }
        if (!header.TryGetProperty(JwsHeaders.Kid, out var kid) || kid.ValueKind != JsonValueKind.String ||
            kid.GetString()!.Length == 0)
        {
            return new ProtocolError(ErrorCatalogue.JwsKidMissing, "The header must carry a kid.");
        }
        if (!KeyIdRules.IsAcceptable(kid.GetString()!))
        {
            return new ProtocolError(ErrorCatalogue.JwsKidInvalid, "The kid is too long or contains control characters.");
        }
        return null;
    }

    private static bool TypeMatches(string actual, string? required)
    {
        if (required is null)
        {
            return true;
        }
        const string Application = "application/";
        static string Strip(string value) =>
            value.StartsWith(Application, StringComparison.OrdinalIgnoreCase) ? value[Application.Length..] : value;
        return string.Equals(Strip(actual), Strip(required), StringComparison.OrdinalIgnoreCase);
    }

    private static Result<VerifiedJws> Fail(string code, string reason) => Result<VerifiedJws>.Fail(code, reason);
}
