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
        var command = context.Examples.Define("login", "Sign in as the namespace owner with your identity key; stores the owner token.",
            new CommandManual(
                "Signs POST /v1/auth/login with the identity of --namespace (else $SIGILUM_NAMESPACE, else the only identity), " +
                "then prints a one-time link that signs you in to the dashboard (it works once and expires after 15 minutes). " +
                "Only the key that registered the namespace can sign in. The token is stored 0600 in " +
                "$SIGILUM_HOME/controlplane/owner-token-<namespace> for this control plane URL and is not printed; signing in " +
                "again replaces it. When the namespace requires a passkey, links do not sign in; --recover lifts that setting " +
                "(your identity key is the recovery path) and the link works again. Exit code 3 when the namespace is not registered there (register it with " +
                "`sigilum namespace register`), 7 when another key owns it, 5 when the control plane cannot be reached.",
                "sigilum auth login",
                "sigilum auth login --namespace alice --json",
                "sigilum auth login --api-url https://cp.example.test",
                "sigilum auth login --recover"),
            [.. options.Symbols, recover]);
        command.SetAction(async (parseResult, cancellationToken) =>
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
        return command;
    }
}
