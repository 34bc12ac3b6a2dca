namespace Sigilum.Gateway.Connections;

/// <summary>What the MCP server said about itself (spec §3.7): <c>{name, version, protocol_version}</c>.</summary>
internal sealed record McpServerInfoView(string Name, string Version, string ProtocolVersion);
