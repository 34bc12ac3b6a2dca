using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary>A tool list to decide on, and where it came from (<see cref="McpDiscoverySource"/>).</summary>
internal sealed record McpDiscoveryRead(McpDiscovery Discovery, string Source);
