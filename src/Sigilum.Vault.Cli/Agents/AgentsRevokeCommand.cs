using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents revoke</c>.</summary>
internal static class AgentsRevokeCommand
{
    public static Command Create(VaultCliContext context)
    {
        var id = new Argument<string>("id") { Description = "The agent id (agt_…)." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("revoke", "Revoke an agent; its next request is refused, also inside an open tunnel.") { id, home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var agentId = parseResult.GetValue(id)!;
            if (!await store.RevokeAgentAsync(agentId, cancellationToken))
            {
                throw new CliException(ExitCodes.NotFound, $"No active agent '{agentId}'.");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "agents revoke", ["id"] = agentId, ["revoked"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Revoked {agentId}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
