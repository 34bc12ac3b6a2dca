using System.Text.Json;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>A gateway connection as the gateway's admin API describes it (never with secret values: it has none to give).</summary>
public sealed record ProviderView(
    string Id, string Name, string BaseUrl, string AuthMode, IReadOnlyList<string> CredentialKeys, string Status, int SecretVersion,
    DateTimeOffset? LastRotatedAt, DateTimeOffset? LastTestedAt, string? LastTestStatus,
    string AuthHeaderName = "", string AuthPrefix = "", int? RotationIntervalDays = null, string Protocol = "http",
    int HoldSeconds = 0)
{
    public bool IsMcp => Protocol == "mcp";

    public static ProviderView From(JsonElement c) => new(
        GatewayJson.Text(c, "id") ?? "?",
        GatewayJson.Text(c, "name") ?? GatewayJson.Text(c, "id") ?? "?",
        GatewayJson.Text(c, "base_url") ?? string.Empty,
        GatewayJson.Text(c, "auth_mode") ?? string.Empty,
        c.TryGetProperty("credential_keys", out var keys) && keys.ValueKind == JsonValueKind.Array
            ? [.. keys.EnumerateArray().Select(k => k.GetString()).OfType<string>()]
            : [],
        GatewayJson.Text(c, "status") ?? "unknown",
        c.TryGetProperty("secret_version", out var v) && v.TryGetInt32(out var version) ? version : 0,
        GatewayJson.Instant(c, "last_rotated_at"),
        GatewayJson.Instant(c, "last_tested_at"),
        GatewayJson.Text(c, "last_test_status"),
        GatewayJson.Text(c, "auth_header_name") ?? string.Empty,
        GatewayJson.Text(c, "auth_prefix") ?? string.Empty,
        c.TryGetProperty("rotation_interval_days", out var days) && days.TryGetInt32(out var interval) ? interval : null,
        GatewayJson.Text(c, "protocol") ?? "http",
        c.TryGetProperty("hold_seconds", out var hold) && hold.TryGetInt32(out var seconds) ? seconds : 0);
}
