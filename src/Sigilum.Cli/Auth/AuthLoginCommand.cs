using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Auth;

/// <summary><c>sigilum auth login</c>: a signed sign-in that stores an owner token.</summary>
internal static class AuthLoginCommand
{
    public static Command Create(CliContext context)
    {
        var options = new OwnerOptions();
        var recover = new Option<bool>("--recover")
        {
            Description = "Lift the namespace's \"require a passkey\" setting first (recovery when every passkey is lost), then print the link.",
        };
        return CommandDeclaration.Define("login", [.. options.Symbols, recover]).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(options.Home));
            var url = options.ResolveUrl(context, parseResult);
            using var identity = options.LoadSigningIdentity(context, parseResult);
            var tokens = new OwnerTokenStore(paths);
            var token = await OwnerSignIn.LoginAsync(context, url, identity, tokens, cancellationToken);
            var link = await OwnerSignIn.CreateSignInLinkAsync(context, url, token, cancellationToken, parseResult.GetValue(recover));
            return context.Output.Report(options.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "auth login",
                ["apiUrl"] = ApiUrl.Display(url),
                ["namespace"] = token.Namespace,
                ["ownerId"] = token.OwnerId,
                ["expiresAt"] = token.ExpiresAt,
                ["tokenFile"] = tokens.PathFor(token.Namespace),
                ["signInUrl"] = link.Url,
                ["signInExpiresAt"] = link.ExpiresAt,
                ["passkeyRequirementLifted"] = link.PasskeyRequirementLifted,
            }, output =>
            {
                output.Console.MarkupLineInterpolated(
                    $"[green]Signed in[/] to {ApiUrl.Display(url)} as owner of [bold]{token.Namespace}[/] until {token.ExpiresAt:u}.");
                output.Console.WriteLine($"Token stored in {tokens.PathFor(token.Namespace)} (owner-only). Next: sigilum claims list");
                if (link.PasskeyRequirementLifted)
                {
                    output.Console.MarkupLine("[yellow]Recovery:[/] the namespace no longer requires a passkey. Add a passkey under Settings and require it again.");
                }
                output.Console.MarkupLineInterpolated($"Dashboard: open this one-time link to sign in (works once, until {link.ExpiresAt:HH:mm} UTC):");
                output.Console.WriteLine(link.Url);
            });
        });
    }
}
