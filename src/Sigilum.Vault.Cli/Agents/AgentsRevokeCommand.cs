using System.CommandLine;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents revoke</c>.</summary>
internal static class AgentsRevokeCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "agents revoke", new Argument<string>("id") { Description = "The agent id (agt_…)." }, string.Empty,
            (store, agentId, cancellationToken) => StoreCommand.Require(store.RevokeAgentAsync(agentId, cancellationToken), $"No active agent '{agentId}'."));
}
