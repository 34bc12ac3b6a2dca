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
        return context.Examples.Group("agent", "Signed gateway calls as an OpenClaw agent, with the agent's own key (tools, call, proxy).",
            new CommandManual(
                "Signs with the agent's raw key pair from the key root (--key-root, $SIGILUM_KEY_ROOT, <OpenClaw state>/.sigilum/keys), " +
                "never with your identity, and names the agent in the signed sigilum-agent-id header, so the gateway files a pending " +
                "claim for that agent. Agent: --agent, $SIGILUM_AGENT_ID, $OPENCLAW_AGENT_ID, $OPENCLAW_AGENT, the session key's agent " +
                "($SIGILUM_SESSION_KEY, $OPENCLAW_SESSION_KEY, $SESSION_KEY: agent:<id>:...), main, default — the first with a key pair. " +
                "Subject: --subject, $SIGILUM_SUBJECT, the OpenClaw hook's subject hints (this session, then this agent), the agent id.",
                "sigilum agent tools sigilum-secure-linear",
                "sigilum agent proxy sigilum-secure-openai GET /v1/models",
                "sigilum agent call sigilum-secure-linear list_issues '{\"first\":5}'"),
            AgentToolsCommand.Create(context),
            AgentCallCommand.Create(context),
            AgentProxyCommand.Create(context));
    }
}
