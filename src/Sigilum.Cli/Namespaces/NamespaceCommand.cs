using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Namespaces;

/// <summary><c>sigilum namespace register|show</c>: the namespace on a control plane, signed with your identity.</summary>
internal static class NamespaceCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("namespace", Register(context), Show(context));
    }

    private static Command Register(CliContext context)
    {
        var options = new OwnerOptions();
        var email = new Option<string?>("--email") { Description = "Contact address stored with the owner (optional).", HelpName = "address" };
        return CommandDeclaration.Define("register", [email, options.Json, options.ApiUrl, options.Namespace, options.Home]).WithAction(async (parseResult, cancellationToken) =>
        {
            var url = options.ResolveUrl(context, parseResult);
            using var identity = options.LoadSigningIdentity(context, parseResult);
            if (!await OwnerSignIn.RegisterAsync(context, url, identity, parseResult.GetValue(email), cancellationToken))
            {
                throw new CliException(ExitCodes.CheckFailed,
                    $"Namespace {identity.Namespace} is already registered on {ApiUrl.Display(url)} (NAMESPACE_ALREADY_REGISTERED); if it is yours, run: sigilum auth login");
            }
            return context.Output.Report(options.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "namespace register",
                ["apiUrl"] = ApiUrl.Display(url),
                ["namespace"] = identity.Namespace,
                ["did"] = identity.Certificate.Did,
                ["registered"] = true,
            }, output =>
            {
                output.Console.MarkupLineInterpolated($"[green]Registered[/] namespace [bold]{identity.Namespace}[/] on {ApiUrl.Display(url)} with your key as owner.");
                output.Console.WriteLine("Next: sigilum auth login");
            });
        });
    }

    private static Command Show(CliContext context)
    {
        var options = new OwnerOptions();
        return CommandDeclaration.Define("show", [options.Json, options.ApiUrl, options.Namespace, options.Home]).WithAction(async (parseResult, cancellationToken) =>
        {
            var url = options.ResolveUrl(context, parseResult);
            using var identity = options.LoadSigningIdentity(context, parseResult);
            using var client = ApiClient.Signed(context, url, identity);
            var response = await client.TrySendAsync(HttpMethod.Get, "/v1/namespaces/" + ApiClient.Segment(identity.Namespace), null, cancellationToken);
            if (response.Status == 404)
            {
                throw OwnerSignIn.NotRegistered(url, identity.Namespace);
            }
            if (!response.IsSuccess)
            {
                throw ApiProblems.ToException(response, ownerCall: false);
            }
            var body = response.Body as JsonObject ?? [];
            return context.Output.Report(options.AsJson(parseResult), () =>
            {
                var document = new JsonObject { ["command"] = "namespace show", ["apiUrl"] = ApiUrl.Display(url) };
                foreach (var (key, value) in body)
                {
                    document[key] = value?.DeepClone();
                }
                return document;
            }, output =>
            {
                var table = new Table().AddColumns("namespace", string.Empty).HideHeaders();
                foreach (var (key, value) in body)
                {
                    table.AddRow(Markup.Escape(key), Markup.Escape(value?.ToString() ?? "-"));
                }
                table.AddRow("api", Markup.Escape(ApiUrl.Display(url)));
                output.Console.Write(table);
            });
        });
    }
}
