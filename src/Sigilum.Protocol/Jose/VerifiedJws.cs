using System.Text.Json;

namespace Sigilum.Protocol.Jose;

/// <summary>A compact JWS whose Ed25519 signature verified with a trusted key. Claims are not yet checked.</summary>
public sealed class VerifiedJws
{
    internal VerifiedJws(JsonElement header, JsonElement payload, string keyId, string? type, Jwk key)
    {
        Header = header;
        Payload = payload;
        KeyId = keyId;
        Type = type;
        Key = key;
    }

    /// <summary>The protected header (a JSON object; owns its memory).</summary>
    public JsonElement Header { get; }

    /// <summary>The payload (a JSON object without duplicate members; owns its memory).</summary>
    public JsonElement Payload { get; }

    /// <summary>The header <c>kid</c> that selected <see cref="Key"/>.</summary>
    public string KeyId { get; }

    /// <summary>The header <c>typ</c>, if present.</summary>
    public string? Type { get; }

    /// <summary>The key that verified the signature.</summary>
    public Jwk Key { get; }
}
