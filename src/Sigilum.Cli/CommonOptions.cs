using System.CommandLine;

namespace Sigilum.Cli;

/// <summary>Options several commands share; a fresh instance per command keeps each help page self-contained.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON document to stdout (no colour, no markup) for scripts.",
    };

    public static Option<string?> Home() => new("--home")
    {
        Description = "Sigilum home directory [default: $SIGILUM_HOME, else ~/.sigilum].",
        HelpName = "dir",
    };

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
