using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Sanitises decision-log fields by name (spec §3.11), case-insensitive substring, rules in this order so
/// the strictest wins: secret words → <c>[redacted]</c>; <c>ip</c> → masked network (IPv4 /24, IPv6 /64,
/// unparsable → hash); identity words → <c>sha256:&lt;6 bytes hex&gt;</c>; other strings cut at 256 chars;
/// durations → milliseconds. Dictionaries and lists are walked to depth 4; deeper values and objects of
/// unknown type are not written at all (their <c>ToString</c> could carry a secret).
/// </summary>
internal static class DecisionLogRedaction
{
    public const string Redacted = "[redacted]";
    public const int MaxDepth = 4;
    public const int MaxStringLength = 256;

    private static readonly string[] SecretWords = ["token", "secret", "authorization", "cookie", "password", "private", "signature", "cert", "api_key"];
    private static readonly string[] HashedWords = ["namespace", "public_key", "agent_key", "key_id", "claim_id"];

    // The last address masked on this thread and its mask: a client sends many requests from one address, and the
    // decision writer masks it twice per request (issue #13: parse, bytes, a new address and two strings each time).
    [ThreadStatic]
    private static string? t_lastIp;

    [ThreadStatic]
    private static string? t_lastMaskedIp;

    // Only the typed records' constant field names land here, so it stays a handful of entries.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Rule> TypedFieldRules = new(StringComparer.Ordinal);

    private enum Rule
    {
        Plain,
        Secret,
        Ip,
        Hashed,
    }

    /// <summary>Writes <paramref name="value"/>, sanitised for a field named <paramref name="name"/>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, string name, object? value) => WriteValue(writer, RuleFor(name), value, 1);

    /// <summary>
    /// Writes the property <paramref name="name"/> with a string (or null) value under the rule for that name, exactly as
    /// <see cref="WriteValue(Utf8JsonWriter, string, object?)"/> would, with the rule looked up once per name.
    /// </summary>
    public static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(name);
        writer.WritePropertyName(name);
        WriteValue(writer, TypedFieldRules.GetOrAdd(name, RuleFor), value, 1);
    }

    /// <summary>Writes a duration property in milliseconds, as <see cref="WriteValue(Utf8JsonWriter, string, object?)"/> does.</summary>
    public static void WriteDuration(Utf8JsonWriter writer, string name, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(name);
        if (TypedFieldRules.GetOrAdd(name, RuleFor) == Rule.Secret)
        {
            writer.WriteString(name, Redacted);
            return;
        }
        writer.WriteNumber(name, Math.Round(duration.TotalMilliseconds, 3));
    }

    /// <summary><c>sha256:</c> and the first 6 bytes of SHA-256(UTF-8 value) in lower-case hex; empty stays empty.</summary>
    public static string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return value;
        }
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return "sha256:" + Convert.ToHexStringLower(digest[..6]);
    }

    /// <summary>An address reduced to its network (<c>203.0.113.0/24</c>, <c>2001:db8:1:2::/64</c>); anything else hashed.</summary>
    public static string MaskIp(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return value;
        }
        if (t_lastMaskedIp is { } last && string.Equals(value, t_lastIp, StringComparison.Ordinal))
        {
            return last;
        }
        var masked = MaskIpUncached(value);
        t_lastIp = value;
        t_lastMaskedIp = masked;
        return masked;
    }

    private static string MaskIpUncached(string value)
    {
        if (!IPAddress.TryParse(value, out var address) && !(IPEndPoint.TryParse(value, out var endPoint) && (address = endPoint.Address) is not null))
        {
            return Hash(value);
        }
        address = ClientAddress.Normalize(address);
        var bytes = address.GetAddressBytes();
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 24 : 64;
        for (var i = prefix / 8; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }
        return new IPAddress(bytes).ToString() + "/" + prefix.ToString(CultureInfo.InvariantCulture);
    }

    private static Rule RuleFor(string name)
    {
        foreach (var word in SecretWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return Rule.Secret;
            }
        }
        if (name.Contains("ip", StringComparison.OrdinalIgnoreCase))
        {
            return Rule.Ip;
        }
        foreach (var word in HashedWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return Rule.Hashed;
            }
        }
        return Rule.Plain;
    }

    private static void WriteValue(Utf8JsonWriter writer, Rule rule, object? value, int depth)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        if (rule == Rule.Secret)
        {
            // Whatever the type (string, bytes, nested object): a secret-named field never shows its value.
            writer.WriteStringValue(Redacted);
            return;
        }
        switch (value)
        {
            case string text:
                writer.WriteStringValue(Sanitise(rule, text));
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case TimeSpan duration:
                writer.WriteNumberValue(Math.Round(duration.TotalMilliseconds, 3));
                return;
            case int or long or short or byte or sbyte or ushort or uint or ulong or double or float or decimal:
                WriteNumber(writer, rule, value);
                return;
            case DateTimeOffset time:
                writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                return;
            case DateTime time:
                writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                return;
            case Enum or Guid or IPAddress or Uri or char:
                writer.WriteStringValue(Sanitise(rule, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                return;
            case byte[] or ReadOnlyMemory<byte> or Memory<byte>:
                // Raw bytes are never written; their length is enough to debug with.
                writer.WriteStringValue("[bytes]");
                return;
        }
        if (depth > MaxDepth && value is IEnumerable)
        {
            writer.WriteStringValue("[depth_limit]");
            return;
        }
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, RuleFor(key), item, depth + 1);
                }
                writer.WriteEndObject();
                return;
            case IEnumerable<KeyValuePair<string, string>> strings:
                writer.WriteStartObject();
                foreach (var (key, item) in strings)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, RuleFor(key), item, depth + 1);
                }
                writer.WriteEndObject();
                return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    writer.WritePropertyName(key);
                    WriteValue(writer, RuleFor(key), entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                return;
            case IEnumerable items:
                // List items keep the list's rule: "remote_ips": [...] masks every address.
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, rule, item, depth + 1);
                }
                writer.WriteEndArray();
                return;
            default:
                writer.WriteStringValue("[unsupported:" + value.GetType().Name + "]");
                return;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, Rule rule, object number)
    {
        if (rule == Rule.Hashed)
        {
            writer.WriteStringValue(Hash(Convert.ToString(number, CultureInfo.InvariantCulture)!));
            return;
        }
        switch (number)
        {
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double or float:
                var real = Convert.ToDouble(number, CultureInfo.InvariantCulture);
                if (double.IsFinite(real))
                {
                    writer.WriteNumberValue(real);
                }
                else
                {
                    writer.WriteNullValue();
                }
                break;
            default:
                writer.WriteNumberValue(Convert.ToInt64(number, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Sanitise(Rule rule, string text) => rule switch
    {
        Rule.Ip => MaskIp(text),
        Rule.Hashed => Hash(text),
        _ => Truncate(text),
    };

    private static string Truncate(string text)
    {
        if (text.Length <= MaxStringLength)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[MaxStringLength - 1]) ? MaxStringLength - 1 : MaxStringLength;
        return string.Concat(text.AsSpan(0, cut), "...");
    }
}
