using System.Globalization;
using System.Text.Json;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>Tolerant reads of the gateway admin API's JSON: a missing or odd field shows as empty, never throws.</summary>
internal static class GatewayJson
{
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static DateTimeOffset? Instant(JsonElement element, string name) =>
        DateTimeOffset.TryParse(Text(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    /// <summary>The array <paramref name="name"/> of a successful answer, each item mapped; empty for a failed or odd answer.</summary>
    public static List<T> Items<T>(GatewayAdmin.Outcome outcome, string name, Func<JsonElement, T> map) =>
        outcome.Ok && outcome.Body is { } body && body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(map)]
            : [];

    public static JsonElement? Parse(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
