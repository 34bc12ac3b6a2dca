using System.CommandLine;

namespace Sigilum.Cli.Stack;

/// <summary>Options shared by the commands that run a control plane (<c>api start</c>, <c>up</c>).</summary>
internal static class ServerOptions
{
    public const string AllowPrivateWebhooksFlag = "--allow-private-webhooks";

    public static Option<bool> AllowPrivateWebhooks() => new(AllowPrivateWebhooksFlag)
    {
        Description = "Let webhooks target loopback and private addresses (insecure: for receivers on this trusted machine only).",
    };
}
