using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Api.Views;

namespace Sigilum.Cli.Claims;

/// <summary>
/// Reads a claim as the API returns it into the server's own <see cref="ClaimView"/> (snake_case on the wire), and
/// renders its fields for tables; <see cref="Text"/> reads one field of other API objects (webhooks, nodes).
/// </summary>
internal static class ClaimFields
{
    /// <summary>The claim in <paramref name="node"/>, or null when the answer holds none.</summary>
    public static ClaimView? Read(JsonNode? node) => ApiViews.Read<ClaimView>(node);

    public static string Text(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : "-";

    /// <summary><c>ed25519:AbCdEfGh12…</c>: enough to tell agents apart in a table; --json has the whole key.</summary>
    public static string ShortKey(ClaimView? claim)
    {
        var key = Or(claim?.PublicKey);
        const string prefix = "ed25519:";
        var body = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
        return body.Length <= 12 ? key : body[..10] + "…";
    }

    /// <summary>Which agent asks: its name, else the agent id it signed (OpenClaw agents), else "-".</summary>
    public static string Agent(ClaimView claim) => string.IsNullOrEmpty(claim.AgentName) ? Or(claim.AgentId) : claim.AgentName;

    /// <summary>Who the agent acts for: the subject, else the agent's name.</summary>
    public static string Subject(ClaimView claim) => string.IsNullOrEmpty(claim.Subject) ? Or(claim.AgentName) : claim.Subject;

    public static string Age(ClaimView claim, DateTimeOffset now) => Durations.Short(now - claim.CreatedAt);

    /// <summary>When an approval lapses; other states have nothing to expire.</summary>
    public static string Expiry(ClaimView claim, DateTimeOffset now)
    {
        if (claim.Status != "approved")
        {
            return "-";
        }
        if (claim.ExpiresAt is not { } expires)
        {
            return "never";
        }
        return expires > now ? "in " + Durations.Short(expires - now) : "expired " + Durations.Short(now - expires) + " ago";
    }

    /// <summary>A field for a table: "-" when empty.</summary>
    public static string Or(string? value) => string.IsNullOrEmpty(value) ? "-" : value;
}
