using System.Text.Json;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// An Ed25519 public key as a JSON Web Key (RFC 8037 §2: <c>kty</c> <c>OKP</c>, <c>crv</c>
/// <c>Ed25519</c>, <c>x</c> the raw key in unpadded base64url). Only public keys exist here; a JWK
/// carrying the private part <c>d</c> is refused. Because every instance is an Ed25519 key, a
/// verifier that found a key by <c>kid</c> knows the only algorithm it accepts is <c>EdDSA</c>.
/// </summary>
public sealed class Jwk
{
    /// <summary>The only key type we handle.</summary>
    public const string KeyType = "OKP";

    /// <summary>The only curve we handle.</summary>
    public const string Curve = "Ed25519";

    /// <summary>The JWS algorithm for this key type (RFC 8037 §3.1).</summary>
    public const string Algorithm = "EdDSA";

    private const int EncodedKeyLength = 43;

    private readonly byte[] _publicKey;

    private Jwk(byte[] publicKey, string? kid, string? use, string? alg)
    {
        _publicKey = publicKey;
        X = Base64Url.Encode(publicKey);
        Kid = kid;
        Use = use;
        Alg = alg;
    }

    /// <summary>The 32-byte raw public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Unpadded base64url of <see cref="PublicKey"/> (43 characters).</summary>
    public string X { get; }

    /// <summary>Key id, if any.</summary>
    public string? Kid { get; }

    /// <summary>Public key use (only <c>sig</c> is allowed), if any.</summary>
    public string? Use { get; }

    /// <summary>Algorithm hint (only <c>EdDSA</c> is allowed), if any.</summary>
    public string? Alg { get; }

    /// <summary>Wraps a raw 32-byte public key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or kid/use/alg are not allowed values.</exception>
    public static Jwk FromPublicKey(ReadOnlySpan<byte> publicKey, string? kid = null, string? use = "sig", string? alg = Algorithm)
    {
        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes.", nameof(publicKey));
        }
        if ((kid is not null && !KeyIdRules.IsAcceptable(kid)) || (use is not null && use != "sig") || (alg is not null && alg != Algorithm))
        {
            throw new ArgumentException("kid must be 1-256 characters without control characters, use 'sig' and alg 'EdDSA'.");
        }
        return new Jwk(publicKey.ToArray(), kid, use, alg);
    }

    /// <summary>Parses JWK JSON text; see <see cref="Parse(JsonElement)"/>.</summary>
    public static Result<Jwk> Parse(string? json) =>
        JoseJson.TryParseObject(json, out var root)
            ? Parse(root)
            : Result<Jwk>.Fail(ErrorCatalogue.JwkInvalid, "The JWK is not a JSON object.");

    /// <summary>
    /// Reads a JWK strictly: <c>kty</c> must be <c>OKP</c> and <c>crv</c> <c>Ed25519</c> (else
    /// <c>JWK_UNSUPPORTED</c>); <c>x</c> must be the canonical 43-character spelling of 32 bytes; no
    /// <c>d</c>; optional <c>kid</c>, <c>use</c> (<c>sig</c>) and <c>alg</c> (<c>EdDSA</c>). Unknown
    /// members are ignored (RFC 7517 §4).
    /// </summary>
    public static Result<Jwk> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The JWK is not a JSON object.");
        }
        if (!JsonFields.TryGetString(element, "kty", out var kty) || kty != KeyType ||
            !JsonFields.TryGetString(element, "crv", out var crv) || crv != Curve)
        {
            return Result<Jwk>.Fail(ErrorCatalogue.JwkUnsupported, "Only OKP keys on the Ed25519 curve are supported.");
        }
        if (element.TryGetProperty("d", out _))
        {
            return Invalid("The JWK carries private key material.");
        }
        if (!JsonFields.TryGetString(element, "x", out var x) || x.Length != EncodedKeyLength ||
            !Base64Url.TryDecode(x, out var publicKey) || publicKey.Length != Ed25519.PublicKeySize)
        {
            return Invalid("The JWK x must be 43 characters of canonical base64url (32 bytes).");
        }
        if (!TryGetOptional(element, "kid", out var kid) || (kid is not null && !KeyIdRules.IsAcceptable(kid)))
        {
            return Invalid("The JWK kid must be a string of 1-256 characters without control characters.");
        }
        if (!TryGetOptional(element, "use", out var use) || (use is not null && use != "sig"))
        {
            return Invalid("The JWK use must be 'sig'.");
        }
        if (!TryGetOptional(element, "alg", out var alg) || (alg is not null && alg != Algorithm))
        {
            return Invalid("The JWK alg must be 'EdDSA'.");
        }
        return Result<Jwk>.Ok(new Jwk(publicKey, kid, use, alg));
    }

    /// <summary>Writes the JWK object (<c>kty</c>, <c>crv</c>, <c>x</c>, then <c>kid</c>, <c>use</c>, <c>alg</c> when set).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kty", KeyType);
        writer.WriteString("crv", Curve);
        writer.WriteString("x", X);
        if (Kid is not null)
        {
            writer.WriteString("kid", Kid);
        }
        if (Use is not null)
        {
            writer.WriteString("use", Use);
        }
        if (Alg is not null)
        {
            writer.WriteString("alg", Alg);
        }
        writer.WriteEndObject();
    }

    /// <summary>Compact JSON text of the JWK.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Compact))
        {
            WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Absent is fine (null); present must be a string.
    private static bool TryGetOptional(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property))
        {
            return true;
        }
        if (property.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        value = property.GetString();
        return true;
    }

    private static Result<Jwk> Invalid(string reason) => Result<Jwk>.Fail(ErrorCatalogue.JwkInvalid, reason);
}
