using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Json;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// Produces compact JWS (RFC 7515 §7.1) signed with Ed25519 (<c>alg</c> <c>EdDSA</c>, RFC 8037 §3.1).
/// The header is <c>{"alg":"EdDSA","kid":...,"typ":...}</c> plus any extra members; the payload must
/// be a JSON object because <see cref="JwsVerifier"/> accepts nothing else.
/// </summary>
public static class JwsSigner
{
    /// <summary>Signs a JSON object payload.</summary>
    /// <param name="payload">The claims; serialised compactly in insertion order.</param>
    /// <param name="key">The signing key.</param>
    /// <param name="kid">Key id the verifier will look up; 1-256 characters, no control characters.</param>
    /// <param name="type">Optional <c>typ</c> header value (explicit typing, RFC 8725 §3.11).</param>
    /// <param name="extraHeader">Optional extra header members; may not set alg, kid, typ or forbidden members.</param>
    public static string Sign(JsonObject payload, Ed25519KeyPair key, string kid, string? type = null, JsonObject? extraHeader = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return SignCompact(BuildHeader(kid, type, extraHeader), ToJsonBytes(payload), key);
    }

    /// <summary>Signs payload bytes, which must be UTF-8 JSON text of an object.</summary>
    public static string Sign(ReadOnlySpan<byte> payloadJson, Ed25519KeyPair key, string kid, string? type = null, JsonObject? extraHeader = null)
    {
        var payload = payloadJson.ToArray();
        if (!JoseJson.TryParseObject(payload, out _))
        {
            throw new ArgumentException("The payload must be UTF-8 JSON text of an object without duplicate members.", nameof(payloadJson));
        }
        return SignCompact(BuildHeader(kid, type, extraHeader), payload, key);
    }

    /// <summary>Signs exact header and payload bytes: <c>b64(header).b64(payload).b64(sig)</c>.</summary>
    internal static string SignCompact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, Ed25519KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // RFC 7515 §5.1: the signing input is ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
        var signingInput = Base64Url.Encode(header) + "." + Base64Url.Encode(payload);
        var signature = key.Sign(System.Text.Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.Encode(signature);
    }

    private static byte[] BuildHeader(string kid, string? type, JsonObject? extraHeader)
    {
        ArgumentNullException.ThrowIfNull(kid);
        if (!KeyIdRules.IsAcceptable(kid))
        {
            throw new ArgumentException("kid must be 1-256 characters without control characters.", nameof(kid));
        }
        var header = new JsonObject
        {
            [JwsHeaders.Alg] = Jwk.Algorithm,
            [JwsHeaders.Kid] = kid,
        };
        if (type is not null)
        {
            header[JwsHeaders.Typ] = type;
        }
        foreach (var (name, value) in extraHeader ?? [])
        {
            if (JwsHeaders.IsReserved(name))
            {
                throw new ArgumentException($"Header member '{name}' is set by the signer or refused by verifiers.", nameof(extraHeader));
            }
            header[name] = value?.DeepClone();
        }
        return ToJsonBytes(header);
    }

    private static byte[] ToJsonBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Compact))
        {
            node.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
