using System.Collections.Frozen;
using System.Text.Json;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// Reads the control plane's claim JSON (snake_case, as <c>ClaimView</c> writes it) into what the cache
/// keeps. Read field by field rather than bound to a DTO so that an unexpected shape fails loudly here.
/// </summary>
internal static class ClaimWire
{
    public const string ApprovedStatus = "approved";

    /// <summary>The owner said no: a request held for this key is answered at once (ADR 0055).</summary>
    public const string RejectedStatus = "rejected";

    /// <summary>The claim in <paramref name="json"/> and whether its status is approved.</summary>
    public static (ApprovedClaim Claim, bool Approved) Read(JsonElement json)
    {
        var key = new ApprovalKey(Required(json, "namespace"), Required(json, "public_key"), Required(json, "service"));
        var expires = OptionalTime(json, "expires_at");
        var subjects = json.TryGetProperty("allowed_subjects", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToFrozenSet(StringComparer.Ordinal)
            : FrozenSet<string>.Empty;
        // approved_by / approved_at are the delegation chain's (ADR 0062); a claim approved before they were recorded has
        // none, and that reads as unknown, not as an error.
        var claim = new ApprovedClaim(Required(json, "claim_id"), key, expires, subjects)
        {
            ApprovedBy = json.TryGetProperty("approved_by", out var by) && by.ValueKind == JsonValueKind.String && by.GetString() is { Length: > 0 } who ? who : null,
            ApprovedAt = OptionalTime(json, "approved_at"),
        };
        return (claim, string.Equals(Required(json, "status"), ApprovedStatus, StringComparison.Ordinal));
    }

    private static DateTimeOffset? OptionalTime(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

    private static string Required(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new JsonException($"Claim event without '{name}'.");
}
