using System.CommandLine;

namespace Sigilum.Vault.Cli;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON document to stdout (no colour, no markup) for scripts.",
    };

    public static Option<string?> Home() => new("--home")
    {
        Description = "Sigilum home directory; the vault lives in <home>/vault [default: $SIGILUM_HOME, else ~/.sigilum].",
        HelpName = "dir",
    };
}
