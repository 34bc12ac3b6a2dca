using System.Globalization;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Services;

/// <summary>Reading fields of the JSON the control plane and the gateway return.</summary>
internal static class ServiceFields
{
    public static string? Text(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    public static string Show(JsonNode? node, string name) => Text(node, name) ?? "-";

    public static long? Number(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static DateTimeOffset? Time(JsonNode? node, string name) =>
        Text(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public static string Date(JsonNode? node, string name) =>
        Time(node, name)?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>"pass (200) 2026-11-21 12:00" or "-".</summary>
    public static string LastTest(JsonNode? connection) => Text(connection, "last_test_status") is { } status
        ? $"{status}{(Number(connection, "last_test_http_status") is { } code ? $" ({code})" : string.Empty)} {Date(connection, "last_tested_at")}"
        : "-";
}
