using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Auth;

/// <summary><c>sigilum auth status</c>: who the stored token signs in as, checked with the server.</summary>
internal static class AuthStatusCommand
{
    public static Command Create(CliContext context)
    {
        var options = new OwnerOptions();
        return CommandDeclaration.Define("status", [.. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var session = options.Open(context, parseResult);
            var me = await session.Client.SendAsync(HttpMethod.Get, "/v1/auth/me", null, cancellationToken);
            return context.Output.Report(options.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "auth status",
                ["signedIn"] = true,
                ["apiUrl"] = ApiUrl.Display(session.Client.BaseUrl),
                ["namespace"] = me?["namespace"]?.DeepClone(),
                ["ownerId"] = me?["owner_id"]?.DeepClone(),
                ["expiresAt"] = session.Token.ExpiresAt,
                ["tokenFile"] = session.TokenFile,
            }, output =>
            {
                output.Console.MarkupLineInterpolated(
                    $"[green]Signed in[/] to {ApiUrl.Display(session.Client.BaseUrl)} as owner of [bold]{session.Namespace}[/] (owner {me?["owner_id"]?.ToString() ?? "?"}), until {session.Token.ExpiresAt:u}.");
            });
        });
    }
}
