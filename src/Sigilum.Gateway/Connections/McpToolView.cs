using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>One discovered tool on the wire (spec §3.7, §3.10): <c>{name, description, input_schema}</c>, the schema as a JSON string.</summary>
internal sealed record McpToolView(string Name, string Description, string InputSchema)
{
    public static McpToolView From(McpTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return new(tool.Name, tool.Description, tool.InputSchema);
    }
}
