using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents revoke</c>.</summary>
internal static class AgentsRevokeCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "revoke", new Argument<string>("id") { Description = "The agent id (agt_…)." },
            "Revoke an agent; its next request is refused, also inside an open tunnel.", new CommandManual(null),
            async (store, agentId, cancellationToken) =>
            {
                if (!await store.RevokeAgentAsync(agentId, cancellationToken))
                {
                    throw new CliException(ExitCodes.NotFound, $"No active agent '{agentId}'.");
                }
            },
            agentId => new JsonObject { ["command"] = "agents revoke", ["id"] = agentId, ["revoked"] = true },
            agentId => $"Revoked {agentId}.");
}
