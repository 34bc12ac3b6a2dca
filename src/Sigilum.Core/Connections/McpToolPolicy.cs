namespace Sigilum.Core.Connections;

/// <summary>
/// Which tools of an MCP connection an agent may see and call (spec §3.10): an allow-list (empty: no
/// allow-list), a deny-list, and how many tools at most are exposed (null or 0: no limit). Lists are trimmed,
/// de-duplicated and sorted ordinally when stored. Wire names: <c>allowlist</c>, <c>denylist</c>, <c>max_tools_exposed</c>.
/// </summary>
public sealed record McpToolPolicy
{
    public static readonly McpToolPolicy None = new();

    public IReadOnlyList<string> Allowlist { get; init; } = [];

    public IReadOnlyList<string> Denylist { get; init; } = [];

    public int? MaxToolsExposed { get; init; }
}
