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
        var command = CommandDeclaration.Define("create", name, home, json);
        command.Aliases.Add("register");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var label = parseResult.GetValue(name)!;
            if (label.Length is 0 or > 128 || label.Any(char.IsControl))
            {
                throw new CliException(ExitCodes.Usage, "--name must be 1-128 printable characters.");
            }
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var token = AgentsCommand.TokenPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
            var agent = new VaultAgent("agt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), label, VaultStore.HashToken(token),
                context.Environment.Time.GetUtcNow(), null);
            await store.AddAgentAsync(agent, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "agents create", ["agent"] = AgentsCommand.ToJson(agent), ["token"] = token },
                output =>
                {
                    output.Out.WriteLine($"Agent {agent.Id} ({label}) created. Its token, shown only now:");
                    output.Out.WriteLine(token);
                    output.Out.WriteLine($"Use it with: sigil-vault run --token {token} -- <command>");
                });
        });
        return command;
    }
}
