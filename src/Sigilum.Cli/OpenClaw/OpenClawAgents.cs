using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// The agent ids an OpenClaw config names, each of which gets its own key pair: <c>main</c> and <c>default</c> (OpenClaw's
/// fallbacks), every key of today's <c>agents.entries</c>, the sub-agents they may start
/// (<c>agents.defaults.subagents.allowAgents</c>, <c>agents.entries.*.subagents.allowAgents</c>), and — read tolerantly,
/// never written — the legacy <c>agents.list[].id</c> and <c>agents.defaults.id</c> of older configs.
/// </summary>
internal static class OpenClawAgents
{
    private const int MaxIdLength = 64;

    public static IReadOnlyList<string> Named(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ids = new SortedSet<string>(StringComparer.Ordinal) { "main", "default" };
        if (config["agents"] is not JsonObject agents)
        {
            return [.. ids];
        }
        if (agents["entries"] is JsonObject entries)
        {
            foreach (var (id, entry) in entries)
            {
                Add(ids, id);
                AddAllowed(ids, entry);
            }
        }
        if (agents["defaults"] is JsonObject defaults)
        {
            Add(ids, Text(defaults["id"]));
            AddAllowed(ids, defaults);
        }
        if (agents["list"] is JsonArray list)
        {
            foreach (var entry in list)
            {
                Add(ids, entry is JsonObject obj ? Text(obj["id"]) : Text(entry));
                AddAllowed(ids, entry);
            }
        }
        return [.. ids];
    }

    private static void AddAllowed(SortedSet<string> ids, JsonNode? owner)
    {
        if (owner is JsonObject obj && obj["subagents"] is JsonObject subagents && subagents["allowAgents"] is JsonArray allowed)
        {
            foreach (var id in allowed)
            {
                Add(ids, Text(id));
            }
        }
    }

    private static void Add(SortedSet<string> ids, string? id)
    {
        // "*" allows any sub-agent: it names none. Over-long ids are not ids OpenClaw accepts.
        if (id is { Length: > 0 and <= MaxIdLength } && id.Trim() is { Length: > 0 } trimmed && trimmed != "*")
        {
            ids.Add(trimmed);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
