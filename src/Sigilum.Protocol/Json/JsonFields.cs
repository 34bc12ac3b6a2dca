using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sigilum.Protocol.Json;

/// <summary>Typed field access that never throws on wrong JSON types.</summary>
internal static class JsonFields
{
    public static bool TryGetString(JsonElement obj, string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString();
            return value is not null;
        }
        return false;
    }

    public static bool TryGetInt(JsonElement obj, string name, out int value)
    {
        value = 0;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var element) &&
               element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }

    public static bool TryGetInt64(JsonElement obj, string name, out long value)
    {
        value = 0;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var element) &&
               element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }
}
