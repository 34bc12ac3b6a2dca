using System.CommandLine;

namespace Sigilum.Cli;

/// <summary>Options several commands share; a fresh instance per command keeps each help page self-contained.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => StandardOptions.Json();

    public static Option<string?> Home() => StandardOptions.Home("Sigilum home directory [default: $SIGILUM_HOME, else ~/.sigilum].");

    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "Identity to use [default: $SIGILUM_NAMESPACE, else the only identity in the home].",
        HelpName = "ns",
    };

    public static Option<string?> ApiUrl() => new("--api-url")
    {
        Description = "Control plane URL [default: $SIGILUM_API_URL, else the control plane this home runs, else http://127.0.0.1:8787].",
        HelpName = "url",
    };
}
