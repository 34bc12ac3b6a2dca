using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks remove --service SLUG &lt;id&gt;</c>.</summary>
internal static class WebhookRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("webhook-id") { Description = "The webhook's id (wh_…), from `sigilum webhooks list`." };
        var service = WebhookOptions.Service(required: true);
        var options = new OwnerOptions();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("remove", [id, service, .. options.SignIn, json]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var session = options.Open(context, parseResult);
            var slug = parseResult.GetRequiredValue(service);
            var webhookId = parseResult.GetRequiredValue(id);
            await session.Client.SendAsync(HttpMethod.Delete, WebhookOptions.Path(session, slug) + "/" + ApiClient.Segment(webhookId), null, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "webhooks remove", ["service"] = slug, ["id"] = webhookId, ["removed"] = true },
                output => output.Out.WriteLine($"Removed webhook {webhookId} from {slug}."));
        });
    }
}
