using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Auth;

/// <summary><c>sigilum auth logout</c>: revoke the owner token on the server and forget it.</summary>
internal static class AuthLogoutCommand
{
    public static Command Create(CliContext context)
    {
        var options = new OwnerOptions();
        return CommandDeclaration.Define("logout", [.. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var store = context.OpenStore(parseResult.GetValue(options.Home));
            var paths = context.ResolvePaths(parseResult.GetValue(options.Home));
            var url = ApiUrl.Resolve(context, parseResult.GetValue(options.ApiUrl), paths);
            var ns = OwnerOptions.ResolveNamespace(store, parseResult.GetValue(options.Namespace));
            var tokens = new OwnerTokenStore(paths);
            var token = tokens.Find(url, ns);
            var revoked = false;
            if (token is not null)
            {
                using var client = ApiClient.Owner(context, url, token.Token);
                var response = await client.TrySendAsync(HttpMethod.Post, "/v1/auth/logout", null, cancellationToken);
                if (!response.IsSuccess && response.Status is not (401 or 403))
                {
                    throw ApiProblems.ToException(response, ownerCall: false);
                }
                revoked = response.IsSuccess;
                tokens.Remove(url, ns);
            }
            return context.Output.Report(options.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "auth logout",
                ["apiUrl"] = ApiUrl.Display(url),
                ["namespace"] = ns,
                ["wasSignedIn"] = token is not null,
                ["revoked"] = revoked,
            }, output =>
            {
                output.Out.WriteLine(token is null
                    ? $"Not signed in to {ApiUrl.Display(url)} as {ns}; nothing to do."
                    : $"Signed out of {ApiUrl.Display(url)} as {ns}" + (revoked ? " (token revoked)." : " (the server had already invalidated the token)."));
            });
        });
    }
}
