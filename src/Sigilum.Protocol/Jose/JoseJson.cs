using System.Text.Json;
using System.Text.Unicode;

namespace Sigilum.Protocol.Jose;

/// <summary>
/// Strict JSON for untrusted JOSE input: UTF-8 only (RFC 8725 §3.7), no byte order mark
/// (RFC 8259 §8.1), duplicate member names rejected (RFC 7515 §5.2 step 4 lets us; last-wins
/// duplicates let two parsers see different claims), bounded depth, no comments or trailing commas.
/// </summary>
internal static class JoseJson
{
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Parses a JSON object; the returned element owns its memory.</summary>
    public static bool TryParseObject(ReadOnlyMemory<byte> utf8, out JsonElement root)
    {
        root = default;
        var span = utf8.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || !Utf8.IsValid(span))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(utf8, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Parses a JSON object from text.</summary>
    public static bool TryParseObject(string? json, out JsonElement root)
    {
        root = default;
        return json is not null && TryParseObject(System.Text.Encoding.UTF8.GetBytes(json), out root);
    }
}
