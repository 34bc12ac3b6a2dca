using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Claims;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks add</c>: register a webhook; prints its signing secret once.</summary>
internal static class WebhookAddCommand
{
    public static Command Create(CliContext context)
    {
        var service = WebhookOptions.Service(required: true);
        var url = new Option<string>("--url") { Description = "Where deliveries are POSTed (http or https).", HelpName = "url", Required = true };
        var events = new Option<string[]>("--event")
        {
            Description = "Subscribe to this event only (repeatable) [default: every event].",
            HelpName = "event",
        };
        var options = new OwnerOptions();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("add", [service, url, events, .. options.SignIn, json]).WithAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject { ["url"] = parseResult.GetRequiredValue(url) };
            if (parseResult.GetValue(events) is { Length: > 0 } chosen)
            {
                body["events"] = new JsonArray([.. chosen.Select(e => (JsonNode)JsonValue.Create(e))]);
            }
            using var session = options.Open(context, parseResult);
            var slug = parseResult.GetRequiredValue(service);
            var created = await session.Client.SendAsync(HttpMethod.Post, WebhookOptions.Path(session, slug), body, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "webhooks add", ["service"] = slug, ["webhook"] = created?.DeepClone() },
                output =>
                {
                    var console = output.Console;
                    console.MarkupLineInterpolated(
                        $"[green]Added[/] webhook {ClaimFields.Text(created, "id")} to [bold]{slug}[/]: {ClaimFields.Text(created, "url")} ({WebhookOptions.Events(created)}).");
                    if (ClaimFields.Text(created, "secret") is var secret and not "-")
                    {
                        console.MarkupLineInterpolated($"Signing secret, shown only now: [bold]{secret}[/]");
                        console.WriteLine("Receivers check X-Sigilum-Signature: v1=<hex HMAC-SHA256(secret, X-Sigilum-Timestamp + \".\" + raw body)> (docs/webhooks.md).");
                    }
                });
        });
    }
}
