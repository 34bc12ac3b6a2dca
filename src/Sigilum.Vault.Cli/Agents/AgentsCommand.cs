using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Vault.Store;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents create|list|revoke</c> (alias <c>agent register</c>): who may use the proxy.</summary>
internal static class AgentsCommand
{
    public const string TokenPrefix = "svt_";

    public static Command Create(VaultCliContext context)
    {
        var command = new Command("agents", "Create, list and revoke agents (proxy tokens).") { CreateAgent(context), List(context), Revoke(context) };
        command.Aliases.Add("agent");
        context.Examples.AddDetails(command,
            "An agent authenticates to the proxy with its token in Proxy-Authorization (Basic with the token as password, or Bearer): " +
            "HTTPS_PROXY=http://agent:<token>@127.0.0.1:10255. The token is printed once by `agents create` and stored only as its SHA-256. " +
            "`agents revoke` stops the agent's next request, also inside an open tunnel.");
        context.Examples.Add(command, "sigil-vault agents create --name billing-bot", "sigil-vault agents list", "sigil-vault agents revoke agt_0123456789abcdef");
        return command;
    }

    private static Command CreateAgent(VaultCliContext context)
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
            var token = TokenPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
            var agent = new VaultAgent("agt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), label, VaultStore.HashToken(token),
                context.Environment.Time.GetUtcNow(), null);
            await store.AddAgentAsync(agent, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "agents create", ["agent"] = ToJson(agent), ["token"] = token });
                return ExitCodes.Ok;
            }
            context.Output.Out.WriteLine($"Agent {agent.Id} ({label}) created. Its token, shown only now:");
            context.Output.Out.WriteLine(token);
            context.Output.Out.WriteLine($"Use it with: sigil-vault run --token {token} -- <command>");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List agents (tokens are never shown).") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var agents = await store.ListAgentsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "agents list", ["agents"] = new JsonArray([.. agents.Select(ToJson)]) });
                return ExitCodes.Ok;
            }
            if (agents.Count == 0)
            {
                context.Output.Out.WriteLine("No agents. Create one with: sigil-vault agents create --name <name>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "name", "status", "created");
            foreach (var a in agents)
            {
                table.AddRow(new Text(a.Id), new Text(a.Name), new Text(a.IsActive ? "active" : "revoked"), new Text(Format(a.CreatedAt)));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(VaultCliContext context)
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

    private static JsonObject ToJson(VaultAgent a) => new()
    {
        ["id"] = a.Id,
        ["name"] = a.Name,
        ["status"] = a.IsActive ? "active" : "revoked",
        ["createdAt"] = Format(a.CreatedAt),
        ["revokedAt"] = a.RevokedAt is { } r ? Format(r) : null,
    };

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
