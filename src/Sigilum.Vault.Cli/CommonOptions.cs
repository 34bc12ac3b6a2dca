using System.CommandLine;

namespace Sigilum.Vault.Cli;

internal static class CommonOptions
{
    public static Option<bool> Json() => StandardOptions.Json();

    public static Option<string?> Home() =>
        StandardOptions.Home("Sigilum home directory; the vault lives in <home>/vault [default: $SIGILUM_HOME, else ~/.sigilum].");
}
