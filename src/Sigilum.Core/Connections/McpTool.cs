namespace Sigilum.Core.Connections;

/// <summary>One tool an MCP server listed (spec §3.10): its input schema is kept as a compact JSON string, as Sigilum stores it.</summary>
public sealed record McpTool(string Name, string Description, string InputSchema);
