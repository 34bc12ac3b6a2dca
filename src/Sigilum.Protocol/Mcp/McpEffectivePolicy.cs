namespace Sigilum.Protocol.Mcp;

/// <summary>
/// The tool policy that applies to one subject of an MCP connection (spec §3.10): the connection's policy combined with
/// the subject's. <see cref="Allowlist"/> null means no allow-list; an empty list means nothing is allowed (the
/// connection's and the subject's allow-lists have no tool in common — Sigilum widened that to "everything").
/// </summary>
public sealed record McpEffectivePolicy(IReadOnlyList<string>? Allowlist, IReadOnlyList<string> Denylist, int? MaxToolsExposed);
