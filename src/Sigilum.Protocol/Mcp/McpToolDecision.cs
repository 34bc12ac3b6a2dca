namespace Sigilum.Protocol.Mcp;

/// <summary>Whether a tool is exposed under an effective policy, and the reason code (spec §3.10) saying why.</summary>
public sealed record McpToolDecision(string Tool, bool Allowed, string ReasonCode);
