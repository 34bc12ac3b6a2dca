using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents list</c>.</summary>
internal static class AgentsListCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.List(context,
            (store, cancellationToken) => store.ListAgentsAsync(cancellationToken),
            agents => new JsonObject { ["command"] = "agents list", ["agents"] = new JsonArray([.. agents.Select(AgentsCommand.ToJson)]) },
            new TableReport<VaultAgent>("No agents. Create one with: sigil-vault agents create --name <name>",
                ["id", "name", "status", "created"],
                a => [a.Id, a.Name, a.IsActive ? "active" : "revoked", AgentsCommand.Format(a.CreatedAt)]));
}
