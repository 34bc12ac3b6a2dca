using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary>Reads one secret JSON string (a variable value, a service API key) as bytes. Never writes.</summary>
internal sealed class SecretValueConverter : JsonConverter<byte[]>
{
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : SecretBytes.ReadString(ref reader);

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Secrets are never serialised into responses.");
}
