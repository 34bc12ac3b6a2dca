using System.Globalization;
using Sigilum.Backends.References;

namespace Sigilum.Backends.HashiCorpVault;

/// <summary>
/// A secret reference: the API path under <c>/v1/</c>, an optional <c>#field</c> and an optional
/// <c>?version=N</c> (KV v2). <c>&lt;mount&gt;/data/&lt;path&gt;</c> is KV v2, <c>&lt;mount&gt;/creds/&lt;role&gt;</c> a
/// dynamic secret with a lease, anything else KV v1.
/// </summary>
internal sealed record VaultReference(string Path, string? Field, int? Version, VaultEngine Engine)
{
    public static (VaultReference? Reference, string? Problem) Parse(string reference)
    {
        var (parts, problem) = ReferenceParts.Split(reference);
        if (problem is not null)
        {
            return (null, problem);
        }
        int? version = null;
        if (parts.Query is { } parameters)
        {
            if (!parameters.StartsWith("version=", StringComparison.Ordinal)
                || !int.TryParse(parameters["version=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v <= 0)
            {
                return (null, "the only query allowed is '?version=N' with N a positive number");
            }
            version = v;
        }
        var rest = parts.Id;
        if (!IsSafePath(rest))
        {
            return (null, "the path must be '<mount>/<path>' of letters, digits and - _ . @ + = :, with no '..' or empty segment");
        }
        var segments = rest.Split('/');
        var engine = segments.Length >= 3 && segments[1] == "data" ? VaultEngine.KvV2
            : segments.Length == 3 && segments[1] == "creds" ? VaultEngine.Dynamic
            : VaultEngine.KvV1;
        if (segments.Length < 2)
        {
            return (null, "the path must be '<mount>/<path>'");
        }
        if (version is not null && engine != VaultEngine.KvV2)
        {
            return (null, "'?version=' applies to KV v2 paths ('<mount>/data/<path>') only");
        }
        return (new VaultReference(rest, parts.Field, version, engine), null);
    }

    /// <summary>Segments of safe characters only: the path goes into a URL and must not climb out of <c>/v1/</c>.</summary>
    public static bool IsSafePath(string path)
    {
        if (path.Length == 0 || path.Length > 512)
        {
            return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }
            foreach (var c in segment)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '@' or '+' or '=' or ':'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
