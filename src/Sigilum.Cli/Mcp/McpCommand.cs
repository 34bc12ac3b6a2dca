using System.CommandLine;

namespace Sigilum.Cli.Mcp;

/// <summary><c>sigilum mcp bridge</c>: MCP clients reaching the gateway's MCP connections as an agent (ADR 0043).</summary>
internal static class McpCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Examples.Group("mcp", "MCP clients through the gateway: a local signing bridge (bridge).",
            new CommandManual(
                null,
                "sigilum mcp bridge --connection sigilum-secure-linear",
                "sigilum mcp bridge --connection sigilum-secure-linear --http 38110"),
            McpBridgeCommand.Create(context));
    }
}
