using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Audit;

/// <summary>Member names, parse limits and shape rules shared by records and checkpoints.</summary>
internal static class AuditJson
{
    public const string V = "v";
    public const string Seq = "seq";
    public const string Ts = "ts";
    public const string Prev = "prev";
    public const string Type = "type";
    public const string Hash = "hash";

    /// <summary>Members every record carries; caller fields may not use these names.</summary>
    public static readonly FrozenSet<string> ReservedNames = FrozenSet.Create(StringComparer.Ordinal, V, Seq, Ts, Prev, Type, Hash);

    /// <summary>
    /// Untrusted-input parsing: bounded depth, no comments or trailing commas, and duplicate names
    /// rejected (two <c>seq</c> members must not let a reader and the verifier see different values).
    /// </summary>
    public static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = AuditRecord.MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
    };

    /// <summary>Nesting of objects and arrays: a scalar is 0, <c>{}</c> is 1, <c>{"a":[]}</c> is 2.</summary>
    public static int Depth(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    public static bool IsValidType(string? type)
    {
        if (string.IsNullOrEmpty(type) || type.Length > AuditRecord.MaxTypeLength)
        {
            return false;
        }
        foreach (var c in type)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads a member that must be a string; false if absent or of another JSON type.</summary>
    public static bool TryGetString(JsonObject obj, string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (obj.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }
        return false;
    }

    /// <summary>Reads a member that must be an integer JSON number that fits in 64 bits.</summary>
    public static bool TryGetInt64(JsonObject obj, string name, out long value)
    {
        value = 0;
        return obj.TryGetPropertyValue(name, out var node) && node is JsonValue v &&
               v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }
}
