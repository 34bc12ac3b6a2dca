using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>
/// Options both command lines declare the same way. A fresh instance per command keeps each help page
/// self-contained (System.CommandLine options belong to one command).
/// </summary>
public static class StandardOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON document to stdout (no colour, no markup) for scripts.",
    };

    /// <summary>The <c>--home</c> option; <paramref name="description"/> says what each command line keeps there.</summary>
    public static Option<string?> Home(string description) => new("--home")
    {
        Description = description,
        HelpName = "dir",
    };
}
