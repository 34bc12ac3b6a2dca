using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents create|list|revoke</c> (alias <c>agent register</c>): who may use the proxy.</summary>
internal static class AgentsCommand
{
    public const string TokenPrefix = "svt_";

    public static Command Create(VaultCliContext context)
    {
        var command = context.Examples.Group("agents", "Create, list and revoke agents (proxy tokens).",
            new CommandManual(
                "An agent authenticates to the proxy with its token in Proxy-Authorization (Basic with the token as password, or Bearer): " +
                "HTTPS_PROXY=http://agent:<token>@127.0.0.1:10255. The token is printed once by `agents create` and stored only as its SHA-256. " +
                "`agents revoke` stops the agent's next request, also inside an open tunnel.",
                "sigil-vault agents create --name billing-bot",
                "sigil-vault agents list",
                "sigil-vault agents revoke agt_0123456789abcdef"),
            AgentsCreateCommand.Create(context), AgentsListCommand.Create(context), AgentsRevokeCommand.Create(context));
        command.Aliases.Add("agent");
        return command;
    }

    internal static JsonObject ToJson(VaultAgent a) => new()
    {
        ["id"] = a.Id,
        ["name"] = a.Name,
        ["status"] = a.IsActive ? "active" : "revoked",
        ["createdAt"] = Format(a.CreatedAt),
        ["revokedAt"] = a.RevokedAt is { } r ? Format(r) : null,
    };

    internal static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
