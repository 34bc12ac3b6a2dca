using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>Reads, sets and removes values by a key path in a JSON object tree (keys may contain dots, so paths are arrays).</summary>
internal static class JsonTree
{
    /// <summary>True and the value (which may be JSON null) when every key on the path exists.</summary>
    public static bool TryGet(JsonObject root, IReadOnlyList<string> path, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? node = root;
        for (var i = 0; i < path.Count; i++)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(path[i], out var child))
            {
                value = null;
                return false;
            }
            node = child;
        }
        value = node;
        return true;
    }

    public static JsonNode? Get(JsonObject root, params string[] path) => TryGet(root, path, out var value) ? value : null;

    /// <summary>
    /// Sets the value, creating missing objects on the way. Fails (returns false) when a key on the way holds something
    /// other than an object: the installer never overwrites a user's value of an unexpected shape.
    /// </summary>
    public static bool Set(JsonObject root, IReadOnlyList<string> path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var obj = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!obj.TryGetPropertyValue(path[i], out var child) || child is null)
            {
                var created = new JsonObject();
                obj[path[i]] = created;
                obj = created;
            }
            else if (child is JsonObject next)
            {
                obj = next;
            }
            else
            {
                return false;
            }
        }
        obj[path[^1]] = value;
        return true;
    }

    /// <summary>Removes the key and then any object on the way that it left empty (up to, not including, the root).</summary>
    public static bool Remove(JsonObject root, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var chain = new List<JsonObject> { root };
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (chain[^1][path[i]] is not JsonObject next)
            {
                return false;
            }
            chain.Add(next);
        }
        if (!chain[^1].Remove(path[^1]))
        {
            return false;
        }
        for (var i = chain.Count - 1; i > 0 && chain[i].Count == 0; i--)
        {
            chain[i - 1].Remove(path[i - 1]);
        }
        return true;
    }

    public static string Display(IReadOnlyList<string> path) => string.Join('.', path.Select(p => p.Contains('.', StringComparison.Ordinal) || p.Contains('-', StringComparison.Ordinal) ? $"[\"{p}\"]" : p)).Replace(".[", "[", StringComparison.Ordinal);
}
