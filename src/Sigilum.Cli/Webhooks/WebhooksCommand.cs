using System.CommandLine;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks</c>: HTTP callbacks on claim decisions, per service.</summary>
internal static class WebhooksCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("webhooks",
            WebhookAddCommand.Create(context),
            WebhookListCommand.Create(context),
            WebhookRemoveCommand.Create(context));
    }
}
