using System.Text;
using System.Text.Json;
using Xunit;

namespace Sigilum.Testing;

/// <summary>
/// How a malicious or careless upstream may echo a credential back (reliability PRX-18), used by the
/// gateway's and the vault's reflection tests and by the canary scan (MEM-04).
/// </summary>
public static class EchoSpellings
{
    /// <summary>A credential with characters that every encoding below changes (+, /, =, ", \, &amp;, space-free).</summary>
    public const string AwkwardSecret = "sk+live/\"AbC\\d&e=F0123456789~x";

    /// <summary>The names accepted by <see cref="Spell"/>.</summary>
    public static readonly string[] Names = ["raw", "base64", "base64url", "percent", "percent-lower", "json", "json-minimal", "hex", "basic-auth"];

    /// <summary>Theory data: one row per spelling.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }
        return data;
    }

    /// <summary><paramref name="secret"/> spelled the way <paramref name="name"/> says.</summary>
    public static string Spell(string name, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var bytes = Encoding.UTF8.GetBytes(secret);
        return name switch
        {
            "raw" => secret,
            "base64" => Convert.ToBase64String(bytes),
            "base64url" => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            "percent" => Uri.EscapeDataString(secret),
            "percent-lower" => PercentLower(bytes),
            // System.Text.Json's default escaping: " + & ' < > ` as \u00XX.
            "json" => JsonSerializer.Serialize(secret)[1..^1],
            "json-minimal" => secret.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal),
            "hex" => Convert.ToHexStringLower(bytes),
            // Inside a longer base64 text at another alignment than 0.
            "basic-auth" => Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + secret)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown spelling."),
        };
    }

    private static string PercentLower(byte[] bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexStringLower([b]));
            }
        }
        return builder.ToString();
    }
}
