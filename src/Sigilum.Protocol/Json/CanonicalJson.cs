using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Json;

/// <summary>
/// Canonical JSON: object keys sorted by UTF-16 code units (ordinal), arrays kept in order, no
/// insignificant whitespace, and strings and numbers written exactly as JavaScript's
/// <c>JSON.stringify</c> writes them. Used for Sigil's <c>pg-commit-v1</c> intent commitment and for
/// audit record hashing, where a JavaScript signer and we must produce identical bytes.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serialises a JSON node canonically to UTF-8 bytes.</summary>
    public static byte[] SerializeToUtf8(JsonNode? node) => System.Text.Encoding.UTF8.GetBytes(Serialize(node));

    /// <summary>Serialises a JSON node canonically to a string.</summary>
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>Appends the canonical form of <paramref name="node"/>.</summary>
    internal static void Append(StringBuilder builder, JsonNode? node) => Write(builder, node);

    /// <summary>Appends a canonical JSON string literal.</summary>
    internal static void AppendString(StringBuilder builder, string text) => WriteString(builder, text);

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    WriteString(builder, pair.Key);
                    builder.Append(':');
                    Write(builder, pair.Value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    Write(builder, array[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
            default:
                throw new ArgumentException($"Unsupported JSON node type {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.Number:
                WriteNumber(builder, value);
                break;
            default:
                throw new ArgumentException("Unsupported JSON value.", nameof(value));
        }
    }

    private static void WriteNumber(StringBuilder builder, JsonValue value)
    {
        // The node may hold any CLR numeric type (or a JsonElement); its JSON text is the common form.
        using var doc = JsonDocument.Parse(value.ToJsonString());
        var element = doc.RootElement;
        // Integers JavaScript holds exactly (|n| ≤ 2^53) print as themselves; anything else is a double
        // in JavaScript, so it goes through Number::toString like the signer's JSON.stringify does.
        if (element.TryGetInt64(out var integer) && Math.Abs(integer) <= (1L << 53))
        {
            builder.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var number = element.GetDouble();
        if (!double.IsFinite(number))
        {
            throw new ArgumentException("JSON has no representation for NaN or infinity.", nameof(value));
        }
        builder.Append(EcmaScriptNumber(number));
    }

    /// <summary>ECMA-262 Number::toString(10) from the shortest round-trip digits.</summary>
    internal static string EcmaScriptNumber(double number)
    {
        if (number == 0)
        {
            return "0";
        }
        var sign = number < 0 ? "-" : string.Empty;
        // "R" yields the shortest round-trip digits, e.g. "1.2345678901234567E+19" or "0.001".
        var text = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = e >= 0 ? int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = e >= 0 ? text[..e] : text;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        // n: position of the decimal point relative to the start of the digit string.
        var n = (dot >= 0 ? dot : mantissa.Length) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leadingZeros;
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }
        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }
        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }
        var exp = n - 1;
        var expText = (exp >= 0 ? "+" : "-") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        return sign + digits[0] + (k > 1 ? "." + digits[1..] : string.Empty) + "e" + expText;
    }

    /// <summary>
    /// JSON.stringify's string form (ECMA-262 QuoteJSONString): escape only the quote, the backslash,
    /// control characters (short forms where they exist, else <c>\u00xx</c> in lower-case hex) and lone
    /// surrogates; everything else, non-ASCII included, is written as is.
    /// </summary>
    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }
}
