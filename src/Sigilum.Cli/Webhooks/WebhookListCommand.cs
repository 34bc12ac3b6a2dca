using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Claims;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks list</c>: one service's webhooks, or every service's.</summary>
internal static class WebhookListCommand
{
    public static Command Create(CliContext context)
    {
        var service = WebhookOptions.Service(required: false);
        var options = new OwnerOptions();
        var json = CommonOptions.Json();
        var command = new Command("list", "List webhooks (of one service with --service, else of every service).") { service };
        options.AddTo(command);
        command.Options.Add(json);
        context.Examples.AddDetails(command,
            "Without --service it lists the namespace's services and then each one's webhooks. Secrets are never shown. " +
            "--json prints {command, apiUrl, namespace, webhooks: [{id, service, url, events, active, created_at}]}.");
        context.Examples.Add(command, "sigilum webhooks list", "sigilum webhooks list --service openai --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = options.Open(context, parseResult);
            var slugs = parseResult.GetValue(service) is { } one ? [one] : await ServiceSlugsAsync(session, cancellationToken);
            var all = new JsonArray();
            foreach (var slug in slugs)
            {
                var answer = await session.Client.SendAsync(HttpMethod.Get, WebhookOptions.Path(session, slug), null, cancellationToken);
                foreach (var webhook in WebhookOptions.Items(answer))
                {
                    webhook["service"] ??= slug;
                    all.Add(webhook);
                }
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "webhooks list",
                    ["apiUrl"] = ApiUrl.Display(session.Client.BaseUrl),
                    ["namespace"] = session.Namespace,
                    ["webhooks"] = all,
                });
                return ExitCodes.Ok;
            }
            if (all.Count == 0)
            {
                context.Output.Console.WriteLine("No webhooks. Add one with: sigilum webhooks add --service <slug> --url <url>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "service", "url", "events", "active");
            foreach (var webhook in all)
            {
                table.AddRow(
                    new Text(ClaimFields.Text(webhook, "id")),
                    new Text(ClaimFields.Text(webhook, "service")),
                    new Text(ClaimFields.Text(webhook, "url")),
                    new Text(WebhookOptions.Events(webhook)),
                    new Text(webhook?["active"]?.ToString() ?? "-"));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string[]> ServiceSlugsAsync(OwnerSession session, CancellationToken cancellationToken)
    {
        var answer = await session.Client.SendAsync(HttpMethod.Get, session.NamespacePath + "/services", null, cancellationToken);
        return answer?["services"] is JsonArray services
            ? [.. services.Select(s => ClaimFields.Text(s, "slug")).Where(s => s != "-")]
            : [];
    }
}
