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
        var command = context.Examples.Define("status", "Show whether you are signed in, checked against the control plane (GET /v1/auth/me).",
            new CommandManual(
                "Uses the stored owner token for this control plane and namespace and asks the server who it belongs to. " +
                "Exit code 0 when signed in, 7 when there is no token or the server no longer accepts it (expired or revoked), " +
                "5 when the control plane cannot be reached.",
                "sigilum auth status", "sigilum auth status --json"),
            [.. options.Symbols]);
        command.SetAction(async (parseResult, cancellationToken) =>
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
        return command;
    }
}
