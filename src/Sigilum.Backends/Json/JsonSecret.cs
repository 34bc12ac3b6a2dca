using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sigilum.Backends.Json;

/// <summary>
/// Copies a secret out of a parsed answer without ever making a <see cref="string"/> of it: the raw
/// UTF-8 of the JSON value is unescaped straight into pinned memory, which is zeroed after use.
/// </summary>
internal static class JsonSecret
{
    /// <summary>
    /// The value of <paramref name="element"/> as pinned UTF-8 (strings unescaped, numbers and booleans
    /// as written), or null for objects, arrays and null. The caller zeroes the array.
    /// </summary>
    public static byte[]? ToPinnedUtf8(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var reader = new Utf8JsonReader(raw);
                reader.Read();
                var scratch = GC.AllocateArray<byte>(reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length, pinned: true);
                try
                {
                    var written = reader.CopyString(scratch);
                    var exact = GC.AllocateArray<byte>(written, pinned: true);
                    scratch.AsSpan(0, written).CopyTo(exact);
                    return exact;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(scratch);
                }
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                var copy = GC.AllocateArray<byte>(raw.Length, pinned: true);
                raw.CopyTo(copy);
                return copy;
            default:
                return null;
        }
    }

    /// <summary>A credential from <paramref name="element"/>, or null when it is not a scalar or is empty.</summary>
    public static Credential? ToCredential(JsonElement element, CredentialMetadata metadata)
    {
        var bytes = ToPinnedUtf8(element);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return bytes.Length == 0 ? null : new Credential(bytes, metadata);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// Picks the secret out of a JSON object: <paramref name="field"/> when given, otherwise the only
    /// property. Returns an error text naming the field (never a value) when that is impossible.
    /// </summary>
    public static (JsonElement Value, string? Problem) Select(JsonElement data, string? field)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return (default, "the secret is not a JSON object");
        }
        if (field is not null)
        {
            return data.TryGetProperty(field, out var value)
                ? (value, null)
                : (default, $"the secret has no field '{field}'");
        }
        JsonElement? only = null;
        var count = 0;
        foreach (var property in data.EnumerateObject())
        {
            only = property.Value;
            count++;
        }
        return count == 1 ? (only!.Value, null) : (default, $"the secret has {count} fields; name one with '#field'");
    }
}
