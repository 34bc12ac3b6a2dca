using System.Text.Json;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// A JWK set (RFC 7517 §5) restricted to Ed25519 signing keys. Keys of other types are skipped when
/// parsing (an issuer may publish RSA keys too); a malformed Ed25519 key or a repeated <c>kid</c>
/// fails the whole set, because a lookup by <c>kid</c> must name exactly one key.
/// </summary>
public sealed class Jwks
{
    /// <summary>Largest key set we parse (UTF-8 bytes).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most keys a set may hold.</summary>
    public const int MaxKeys = 100;

    private readonly Dictionary<string, Jwk> _byKid;

    /// <summary>Creates a set; kids must be unique.</summary>
    /// <exception cref="ArgumentException">Two keys share a kid, or there are too many keys.</exception>
    public Jwks(IEnumerable<Jwk> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys.ToArray();
        if (!TryIndex(Keys, out var byKid))
        {
            throw new ArgumentException($"Key ids must be unique and a set holds at most {MaxKeys} keys.", nameof(keys));
        }
        _byKid = byKid;
    }

    /// <summary>The Ed25519 keys, in document order.</summary>
    public IReadOnlyList<Jwk> Keys { get; }

    /// <summary>The key whose <c>kid</c> equals <paramref name="kid"/> exactly (ordinal), or null.</summary>
    public Jwk? Find(string? kid) => kid is not null && _byKid.TryGetValue(kid, out var key) ? key : null;

    /// <summary>Parses <c>{"keys":[...]}</c> JSON text.</summary>
    public static Result<Jwks> Parse(string? json)
    {
        if (json is null || System.Text.Encoding.UTF8.GetByteCount(json) > MaxLength)
        {
            return Invalid("The key set is missing or larger than 64 KiB.");
        }
        if (!JoseJson.TryParseObject(json, out var root) ||
            !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return Invalid("The key set must be a JSON object with a 'keys' array.");
        }
        var parsed = new List<Jwk>();
        var index = 0;
        foreach (var element in keys.EnumerateArray())
        {
            var key = Jwk.Parse(element);
            if (key.IsSuccess)
            {
                parsed.Add(key.Value);
            }
            else if (key.Error.Code != ErrorCatalogue.JwkUnsupported)
            {
                return Invalid($"Key {index}: {key.Error.Reason}");
            }
            index++;
        }
        return TryIndex(parsed, out _)
            ? Result<Jwks>.Ok(new Jwks(parsed))
            : Invalid($"Key ids must be unique and a set holds at most {MaxKeys} keys.");
    }

    /// <summary>Compact JSON text: <c>{"keys":[...]}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Compact))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in Keys)
            {
                key.WriteTo(writer);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool TryIndex(IReadOnlyCollection<Jwk> keys, out Dictionary<string, Jwk> byKid)
    {
        byKid = new Dictionary<string, Jwk>(StringComparer.Ordinal);
        if (keys.Count > MaxKeys)
        {
            return false;
        }
        foreach (var key in keys)
        {
            if (key.Kid is not null && !byKid.TryAdd(key.Kid, key))
            {
                return false;
            }
        }
        return true;
    }

    private static Result<Jwks> Invalid(string reason) => Result<Jwks>.Fail(ErrorCatalogue.JwksInvalid, reason);
}
