using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Webhooks;

/// <summary>What the webhook commands share: the --service option, the route, reading a webhook object.</summary>
internal static class WebhookOptions
{
    public static Option<string> Service(bool required) => new("--service", "-s")
    {
        Description = required ? "The service's slug." : "Only this service's webhooks [default: every service].",
        HelpName = "slug",
        Required = required,
    };

    public static string Path(OwnerSession session, string slug) =>
        $"{session.NamespacePath}/services/{ApiClient.Segment(slug)}/webhooks";

    public static string Events(JsonNode? webhook) =>
        webhook?["events"] is JsonArray { Count: > 0 } events ? string.Join(", ", events.Select(e => e?.ToString())) : "all events";

    /// <summary>The webhooks of a list answer (<c>{webhooks: […]}</c>), without any secret.</summary>
    public static IEnumerable<JsonObject> Items(JsonNode? answer)
    {
        var items = answer?["webhooks"] as JsonArray ?? [];
        foreach (var item in items.OfType<JsonObject>())
        {
            var copy = (JsonObject)item.DeepClone();
            // A list must not show a secret even if a server sent one; only `add` prints it, once.
            copy.Remove("secret");
            yield return copy;
        }
    }
}
