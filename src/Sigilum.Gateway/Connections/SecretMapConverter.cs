using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary>Reads <c>"secrets": {"k": "v"}</c> from a request straight into value bytes. Never writes (secrets are never returned).</summary>
internal sealed class SecretMapConverter : JsonConverter<SecretMap>
{
    public override SecretMap? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("secrets must be an object of strings.");
        }
        var map = new SecretMap();
        try
        {
            SecretMap.ReadObject(ref reader, map);
            return map;
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    public override void Write(Utf8JsonWriter writer, SecretMap value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Secrets are never serialised into responses.");
}
