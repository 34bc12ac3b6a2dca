using System.CommandLine;

namespace Sigilum.Cli.Stack;

/// <summary>Options shared by the commands that run a control plane (<c>api start</c>, <c>up</c>).</summary>
internal static class ServerOptions
{
    public const string AllowPrivateWebhooksFlag = "--allow-private-webhooks";

    public const string ConfigFlag = "--config";

    public static Option<string?> Config() => new(ConfigFlag)
    {
        Description = "A JSON settings file ({\"ControlPlane\": {…}}) layered over $SIGILUM_HOME/controlplane/appsettings.json; SIGILUM_ControlPlane__* variables and flags override it.",
    };

    public static Option<bool> AllowPrivateWebhooks() => new(AllowPrivateWebhooksFlag)
    {
        Description = "Let webhooks target loopback and private addresses (insecure: for receivers on this trusted machine only).",
    };
}
