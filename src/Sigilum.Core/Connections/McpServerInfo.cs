namespace Sigilum.Core.Connections;

/// <summary>What an MCP server said about itself in <c>initialize</c> (wire: <c>name</c>, <c>version</c>, <c>protocol_version</c>).</summary>
public sealed record McpServerInfo(string Name, string Version, string ProtocolVersion);
