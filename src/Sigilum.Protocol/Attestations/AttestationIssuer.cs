using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Attestations;

/// <summary>
/// Issues intent attestations in the live Sigil signer's shape: EdDSA JWS whose payload carries
/// <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>, <c>kid</c> (equal to the
/// header's) and <c>intentHash</c>, so <see cref="AttestationValidator"/> accepts its output.
/// </summary>
public static class AttestationIssuer
{
    private static readonly string[] Reserved = ["iss", "sub", "aud", "iat", "exp", "nbf", "jti", "kid", "intentHash", "policyHash"];

    /// <summary>Signs <paramref name="draft"/> with <paramref name="key"/> under <paramref name="kid"/>.</summary>
    /// <exception cref="ArgumentException">The draft breaks a rule verifiers enforce.</exception>
    public static string Issue(AttestationDraft draft, Ed25519KeyPair key, string kid, TimeProvider time, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(time);
        if (draft.Lifetime < TimeSpan.FromSeconds(1) || draft.Lifetime > TimeSpan.FromSeconds(60) || draft.Lifetime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException("The lifetime must be a whole number of seconds from 1 to 60.", nameof(draft));
        }
        if (!ClaimReader.IsLowerHexSha256(draft.IntentHash))
        {
            throw new ArgumentException("intentHash must be 64 lower-case hex digits.", nameof(draft));
        }
        var iat = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = draft.Issuer,
            ["aud"] = draft.Audience,
            ["iat"] = iat,
            ["exp"] = iat + (long)draft.Lifetime.TotalSeconds,
            ["jti"] = draft.Jti ?? Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
            ["kid"] = kid,
            ["intentHash"] = draft.IntentHash,
        };
        if (draft.Subject is not null)
        {
            payload["sub"] = draft.Subject;
        }
        if (draft.PolicyHash is not null)
        {
            payload["policyHash"] = draft.PolicyHash;
        }
        foreach (var (name, value) in draft.ExtraClaims ?? [])
        {
            if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Claim '{name}' is set by the issuer.", nameof(draft));
            }
            payload[name] = value?.DeepClone();
        }
        return JwsSigner.Sign(payload, key, kid, type);
    }
}
