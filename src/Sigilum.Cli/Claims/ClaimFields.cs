using System.Text.Json.Nodes;

namespace Sigilum.Cli.Claims;

/// <summary>Reads a claim object as the API returns it (snake_case) and renders its fields for tables.</summary>
internal static class ClaimFields
{
    public static string Text(JsonNode? claim, string name) =>
        claim?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : "-";

    public static DateTimeOffset? Time(JsonNode? claim, string name) =>
        claim?[name] is JsonValue value && value.TryGetValue<DateTimeOffset>(out var time) ? time : null;

    /// <summary><c>ed25519:AbCdEfGh12…</c>: enough to tell agents apart in a table; --json has the whole key.</summary>
    public static string ShortKey(JsonNode? claim)
    {
        var key = Text(claim, "public_key");
        const string prefix = "ed25519:";
        var body = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
        return body.Length <= 12 ? key : body[..10] + "…";
    }

    /// <summary>Which agent asks: its name, else the agent id it signed (OpenClaw agents), else "-".</summary>
    public static string Agent(JsonNode? claim)
    {
        var name = Text(claim, "agent_name");
        return name != "-" ? name : Text(claim, "agent_id");
    }

    /// <summary>Who the agent acts for: the subject, else the agent's name.</summary>
    public static string Subject(JsonNode? claim)
    {
        var subject = Text(claim, "subject");
        return subject != "-" ? subject : Text(claim, "agent_name");
    }

    public static string Age(JsonNode? claim, DateTimeOffset now) =>
        Time(claim, "created_at") is { } created ? Durations.Short(now - created) : "-";

    /// <summary>When an approval lapses; other states have nothing to expire.</summary>
    public static string Expiry(JsonNode? claim, DateTimeOffset now)
    {
        if (Text(claim, "status") != "approved")
        {
            return "-";
        }
        if (Time(claim, "expires_at") is not { } expires)
        {
            return "never";
        }
        return expires > now ? "in " + Durations.Short(expires - now) : "expired " + Durations.Short(now - expires) + " ago";
    }
}
