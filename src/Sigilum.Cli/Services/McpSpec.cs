namespace Sigilum.Cli.Services;

/// <summary>
/// The MCP part of a connection <c>service add --protocol mcp</c> creates (spec §3.7): where the MCP server listens
/// (a path under the base URL or an absolute URL), its transport, and the connection's tool policy. Null fields take the
/// gateway's defaults (endpoint "/", transport streamable_http, no allow-list, no deny-list, no tool limit).
/// </summary>
internal sealed record McpSpec(string? Endpoint, string? Transport, IReadOnlyList<string> Allowlist, IReadOnlyList<string> Denylist, int? MaxToolsExposed);
