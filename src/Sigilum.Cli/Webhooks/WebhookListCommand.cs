using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Claims;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks list</c>: one service's webhooks, or every service's.</summary>
internal static class WebhookListCommand
{
    public static Command Create(CliContext context)
    {
        var service = WebhookOptions.Service(required: false);
        var options = new OwnerOptions();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("list", [service, .. options.SignIn, json]).WithAction(async (parseResult, cancellationToken) =>
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
            return context.Output.ReportTable(parseResult.GetValue(json),
                () => new JsonObject
                {
                    ["command"] = "webhooks list",
                    ["apiUrl"] = ApiUrl.Display(session.Client.BaseUrl),
                    ["namespace"] = session.Namespace,
                    ["webhooks"] = all,
                },
                all,
                new TableReport<JsonNode?>("No webhooks. Add one with: sigilum webhooks add --service <slug> --url <url>",
                    ["id", "service", "url", "events", "active"],
                    webhook =>
                    [
                        ClaimFields.Text(webhook, "id"),
                        ClaimFields.Text(webhook, "service"),
                        ClaimFields.Text(webhook, "url"),
                        WebhookOptions.Events(webhook),
                        webhook?["active"]?.ToString() ?? "-",
                    ]));
        });
    }

    private static async Task<string[]> ServiceSlugsAsync(OwnerSession session, CancellationToken cancellationToken)
    {
        var answer = await session.Client.SendAsync(HttpMethod.Get, session.NamespacePath + "/services", null, cancellationToken);
        return answer?["services"] is JsonArray services
            ? [.. services.Select(s => ClaimFields.Text(s, "slug")).Where(s => s != "-")]
            : [];
    }
}
