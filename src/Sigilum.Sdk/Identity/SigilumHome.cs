namespace Sigilum.Sdk.Identity;

/// <summary>
/// Where Sigilum keeps its files: an explicit directory, else the <c>SIGILUM_HOME</c> environment
/// variable, else <c>~/.sigilum</c> (the same rule as the reference SDKs, so identities are shared).
/// </summary>
public static class SigilumHome
{
    /// <summary>Environment variable that overrides the default home directory.</summary>
    public const string HomeVariable = "SIGILUM_HOME";

    /// <summary>Environment variable that names the default namespace.</summary>
    public const string NamespaceVariable = "SIGILUM_NAMESPACE";

    /// <summary>Name of the directory under the user's profile used when nothing else is set.</summary>
    public const string DefaultDirectoryName = ".sigilum";

    /// <summary>
    /// Resolves the home directory to an absolute path. A leading <c>~/</c> is expanded to the user's
    /// profile because values such as <c>--home=~/x</c> reach us unexpanded by the shell.
    /// </summary>
    /// <param name="explicitHome">A directory chosen by the caller, or null.</param>
    /// <param name="getEnvironmentVariable">Environment lookup; null reads the process environment.</param>
    /// <param name="userProfile">The user's profile directory; null asks the operating system.</param>
    public static string Resolve(string? explicitHome, Func<string, string?>? getEnvironmentVariable = null, string? userProfile = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var profile = userProfile ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var chosen = NonEmpty(explicitHome) ?? NonEmpty(getEnvironmentVariable(HomeVariable));
        if (chosen is null)
        {
            if (string.IsNullOrEmpty(profile))
            {
                throw new InvalidOperationException(
                    $"Cannot find the user's home directory; set {HomeVariable} or pass a home directory explicitly.");
            }
            return Path.Combine(profile, DefaultDirectoryName);
        }
        if ((chosen == "~" || chosen.StartsWith("~/", StringComparison.Ordinal)) && !string.IsNullOrEmpty(profile))
        {
            chosen = Path.Combine(profile, chosen.Length > 2 ? chosen[2..] : string.Empty);
        }
        return Path.GetFullPath(chosen);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
