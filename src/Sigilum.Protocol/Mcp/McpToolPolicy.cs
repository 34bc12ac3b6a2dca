namespace Sigilum.Protocol.Mcp;

/// <summary>
/// Which tools of an MCP connection an agent may see and call (spec §3.10): an allow-list (empty: no
/// allow-list), a deny-list, and how many tools at most are exposed (null or 0: no limit). Lists are trimmed,
/// de-duplicated and sorted ordinally when stored. Wire names: <c>allowlist</c>, <c>denylist</c>, <c>max_tools_exposed</c>.
/// </summary>
public sealed record McpToolPolicy
{
    /// <summary>No allow-list, no deny-list, no limit.</summary>
    public static readonly McpToolPolicy None = new();

    /// <summary>The tools that may be exposed; empty means no allow-list.</summary>
    public IReadOnlyList<string> Allowlist { get; init; } = [];

    /// <summary>The tools never exposed.</summary>
    public IReadOnlyList<string> Denylist { get; init; } = [];

    /// <summary>How many tools at most are exposed, in name order; null or 0 means no limit.</summary>
    public int? MaxToolsExposed { get; init; }
}
