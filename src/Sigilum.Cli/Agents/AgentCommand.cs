using System.CommandLine;

namespace Sigilum.Cli.Agents;

/// <summary>
/// <c>sigilum agent tools | call | proxy</c>: the helper an OpenClaw agent runs (through the skill's
/// <c>bin/sigilum-agent</c>) to reach providers through the gateway with its own key (ADR 0038).
/// </summary>
internal static class AgentCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CommandDeclaration.Group("agent",
            AgentToolsCommand.Create(context),
            AgentCallCommand.Create(context),
            AgentProxyCommand.Create(context));
    }
}
