using System.CommandLine;

namespace Sigilum.Cli.Webhooks;

/// <summary><c>sigilum webhooks</c>: HTTP callbacks on claim decisions, per service.</summary>
internal static class WebhooksCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("webhooks", "Add, list and remove a service's webhooks (callbacks on claim decisions).",
            new CommandManual(
                "A webhook receives a signed POST when a claim for its service changes (events request.submitted, " +
                "request.approved, request.rejected, request.revoked, request.expired). Each delivery carries X-Sigilum-Timestamp " +
                "and X-Sigilum-Signature: v1=<hex HMAC-SHA256(secret, timestamp + \".\" + body)> (docs/webhooks.md); the secret " +
                "is shown once, by `webhooks add`. Owner commands: sign in first with `sigilum auth login`.",
                "sigilum webhooks add --service openai --url https://hooks.example.test/sigilum",
                "sigilum webhooks list",
                "sigilum webhooks remove --service openai wh_0123456789abcdef"),
            WebhookAddCommand.Create(context),
            WebhookListCommand.Create(context),
            WebhookRemoveCommand.Create(context));
    }
}
