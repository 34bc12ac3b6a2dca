using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Json;

/// <summary>
/// Canonical JSON: object keys sorted by UTF-16 code units (ordinal), arrays kept in order, no
/// insignificant whitespace, strings escaped minimally. Used for Sigil's <c>pg-commit-v1</c> intent
/// commitment and for audit record hashing, where two writers must produce identical bytes.
/// </summary>
public static class CanonicalJson
{
    // Minimal escaping (quote, backslash, control characters only) so the bytes match JavaScript's
    // JSON.stringify for the same value.
    private static readonly JsonWriterOptions WriterOptions = JsonWriting.Compact;

    /// <summary>Serialises a JSON node canonically to UTF-8 bytes.</summary>
    public static byte[] SerializeToUtf8(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }
        return buffer.ToArray();
    }

    /// <summary>Serialises a JSON node canonically to a string.</summary>
    public static string Serialize(JsonNode? node) => System.Text.Encoding.UTF8.GetString(SerializeToUtf8(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValue value:
                value.WriteTo(writer);
                break;
            default:
                throw new ArgumentException($"Unsupported JSON node type {node.GetType().Name}.", nameof(node));
        }
    }
}
