namespace Sigilum.CommandLine.Services;

/// <summary>
/// What an installed unit says about the service: its user and state directory (SIGILUM_HOME), read back from the
/// file <c>install</c> wrote, so <c>status</c>, <c>uninstall</c> and <c>doctor</c> look where the service really is.
/// </summary>
public sealed record InstalledUnit(string UnitFile, string? User, string? StateDirectory)
{
    /// <summary>The unit at <paramref name="unitFile"/>, or null when there is none.</summary>
    public static InstalledUnit? Read(string unitFile)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(unitFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        string? Value(string prefix) => lines.Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
        return new InstalledUnit(unitFile, Value("User="), Value("Environment=SIGILUM_HOME="));
    }
}
