using System.Text.Json;
using Sigilum.Protocol.Intents;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Reads a <c>POST /v1/authorize</c> body strictly: <c>{agentId?, framework?, intent:{action:"http",
/// method, url}, context?, txCommit?}</c>. Unknown or repeated members are refused, in the intent above
/// all: the attestation commits to <c>{action, method, url}</c> only, so anything else the agent sent
/// would look attested without being so.
/// </summary>
internal static class AuthorizeRequestParser
{
    /// <summary>Sign's documented body limit is 100 kB.</summary>
    public const int MaxBodyBytes = 100 * 1024;

    private static readonly string[] TopLevel = ["agentId", "framework", "intent", "context", "txCommit"];
    private static readonly string[] IntentMembers = ["action", "method", "url"];
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };

    /// <summary>The request, or null with a reason. Throws <see cref="JsonException"/> on text that is not JSON.</summary>
    public static AuthorizeRequest? Parse(ReadOnlyMemory<byte> body, out string error)
    {
        using var document = JsonDocument.Parse(body, ParseOptions);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The body must be a JSON object.";
            return null;
        }
        if (!HasOnly(root, TopLevel, out error))
        {
            return null;
        }
        if (!root.TryGetProperty("intent", out var intent) || intent.ValueKind != JsonValueKind.Object)
        {
            error = "intent is required: {\"action\":\"http\",\"method\":...,\"url\":...}.";
            return null;
        }
        if (!HasOnly(intent, IntentMembers, out error))
        {
            error = "intent " + error;
            return null;
        }
        if (!TryString(intent, "action", 16, out var action) || action != "http")
        {
            error = "intent.action must be \"http\".";
            return null;
        }
        if (!TryString(intent, "method", 32, out var method) || !TryString(intent, "url", IntentUrl.MaxLength, out var url))
        {
            error = $"intent.method and intent.url are required strings (url at most {IntentUrl.MaxLength} characters).";
            return null;
        }
        var created = HttpIntent.Create(method, url);
        if (!created.IsSuccess)
        {
            error = created.Error.Reason;
            return null;
        }
        if (!TryOptional(root, "agentId", 256, out var agentId) || !TryOptional(root, "framework", 64, out var framework))
        {
            error = "agentId (up to 256 characters) and framework (up to 64) must be strings without control characters.";
            return null;
        }
        if (root.TryGetProperty("context", out var context) && context.ValueKind is not (JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null))
        {
            error = "context must be a string or an object.";
            return null;
        }
        // pg-commit-v1: a txCommit sent along must be the commitment of this very intent.
        if (root.TryGetProperty("txCommit", out var txCommit) &&
            (txCommit.ValueKind != JsonValueKind.String || txCommit.GetString() != created.Value.Commitment.TxCommit))
        {
            error = "txCommit does not match the intent (pg-commit-v1: lower-case hex SHA-256 of the canonical intent).";
            return null;
        }
        error = string.Empty;
        return new AuthorizeRequest(created.Value, agentId, framework);
    }

    private static bool HasOnly(JsonElement obj, string[] allowed, out string error)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal) || !seen.Add(property.Name))
            {
                error = $"member '{Shorten(property.Name)}' is unknown or repeated; allowed: {string.Join(", ", allowed)}.";
                return false;
            }
        }
        error = string.Empty;
        return true;
    }

    private static bool TryString(JsonElement obj, string name, int max, out string value)
    {
        value = string.Empty;
        if (!obj.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        value = element.GetString()!;
        return value.Length > 0 && value.Length <= max;
    }

    // Absent or null is fine; present must be a bounded string without control characters.
    private static bool TryOptional(JsonElement obj, string name, int max, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (!TryString(obj, name, max, out var text) || text.Any(char.IsControl))
        {
            return false;
        }
        value = text;
        return true;
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
