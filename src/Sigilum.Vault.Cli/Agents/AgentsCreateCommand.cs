using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents create</c>.</summary>
internal static class AgentsCreateCommand
{
    public static Command Create(VaultCliContext context)
    {
        var name = new Option<string>("--name") { Description = "A label for people (1-128 characters).", Required = true, HelpName = "name" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("create", "Create an agent and print its token once.") { name, home, json };
        command.Aliases.Add("register");
        context.Examples.Add(command, "sigil-vault agents create --name billing-bot", "sigil-vault agent register --name billing-bot --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var label = parseResult.GetValue(name)!;
            if (label.Length is 0 or > 128 || label.Any(char.IsControl))
            {
                throw new CliException(ExitCodes.Usage, "--name must be 1-128 printable characters.");
            }
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var token = AgentsCommand.TokenPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
            var agent = new VaultAgent("agt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), label, VaultStore.HashToken(token),
                context.Environment.Time.GetUtcNow(), null);
            await store.AddAgentAsync(agent, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "agents create", ["agent"] = AgentsCommand.ToJson(agent), ["token"] = token });
                return ExitCodes.Ok;
            }
            context.Output.Out.WriteLine($"Agent {agent.Id} ({label}) created. Its token, shown only now:");
            context.Output.Out.WriteLine(token);
            context.Output.Out.WriteLine($"Use it with: sigil-vault run --token {token} -- <command>");
            return ExitCodes.Ok;
        });
        return command;
    }
}
