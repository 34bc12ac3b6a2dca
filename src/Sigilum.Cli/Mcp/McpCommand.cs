using System.CommandLine;

namespace Sigilum.Cli.Mcp;

/// <summary><c>sigilum mcp bridge</c>: MCP clients reaching the gateway's MCP connections as an agent (ADR 0043).</summary>
internal static class McpCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CommandDeclaration.Group("mcp", McpBridgeCommand.Create(context));
    }
}
