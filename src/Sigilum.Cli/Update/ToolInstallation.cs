namespace Sigilum.Cli.Update;

/// <summary>
/// A .NET tool installation holding <c>sigilum</c> (and usually <c>sigil-vault</c>): a <c>--tool-path</c> folder, or
/// <c>~/.dotnet/tools</c> for <c>--global</c>. The tools' files live in <c>.store/&lt;id&gt;/&lt;version&gt;/</c>; the packages
/// of the installed and the previous version are kept in <c>.sigilum-packages/</c> so a roll-back needs no network.
/// </summary>
internal sealed class ToolInstallation
{
    private const string StoreName = ".store";

    public ToolInstallation(string toolPath, bool global)
    {
        ToolPath = Path.GetFullPath(toolPath).TrimEnd('/');
        Global = global;
    }

    public string ToolPath { get; }

    /// <summary>Installed with <c>dotnet tool install --global</c> (<c>~/.dotnet/tools</c>).</summary>
    public bool Global { get; }

    public string StoreDirectory => Path.Combine(ToolPath, StoreName);

    public string KeptPackagesDirectory => Path.Combine(ToolPath, ".sigilum-packages");

    public string CommandPath(string packageId) => Path.Combine(ToolPath, ToolPackage.CommandOf(packageId));

    /// <summary>The arguments that name this installation to <c>dotnet tool</c>.</summary>
    public IReadOnlyList<string> DotnetToolArguments => Global ? new[] { "--global" } : new[] { "--tool-path", ToolPath };

    /// <summary>The installed version of <paramref name="packageId"/>, or null when it is not installed here.</summary>
    public string? InstalledVersion(string packageId)
    {
        var directory = Path.Combine(StoreDirectory, packageId.ToLowerInvariant());
        if (!Directory.Exists(directory) || !File.Exists(CommandPath(packageId)))
        {
            return null;
        }
        // One version directory once an install finished; the newest if an interrupted update left two.
        return Directory.GetDirectories(directory)
            .Select(d => (Name: Path.GetFileName(d), Time: Directory.GetLastWriteTimeUtc(d)))
            .OrderByDescending(d => d.Time)
            .Select(d => d.Name)
            .FirstOrDefault();
    }

    /// <summary>
    /// The package <paramref name="packageId"/> <paramref name="version"/> as a file: kept from an earlier install or update,
    /// else the copy NuGet extracted into the store. Null when neither exists.
    /// </summary>
    public string? FindPackage(string packageId, string version)
    {
        var kept = Path.Combine(KeptPackagesDirectory, ToolPackage.FileName(packageId, version));
        if (File.Exists(kept))
        {
            return kept;
        }
        var lower = packageId.ToLowerInvariant();
        var versionLower = version.ToLowerInvariant();
        var stored = Path.Combine(StoreDirectory, lower, version, lower, versionLower, $"{lower}.{versionLower}.nupkg");
        return File.Exists(stored) ? stored : null;
    }

    /// <summary>
    /// The installation this process runs from, found from the path of its own assembly
    /// (<c>&lt;tool path&gt;/.store/sigilum.cli/&lt;version&gt;/…/sigilum.dll</c>); null when it does not run from one (a build
    /// output, the repo launcher).
    /// </summary>
    public static ToolInstallation? OfAssembly(string assemblyLocation, string? userHome)
    {
        var (toolPath, _) = SplitStorePath(assemblyLocation);
        if (toolPath is null)
        {
            return null;
        }
        var global = userHome is not null && string.Equals(Path.GetFullPath(toolPath).TrimEnd('/'),
            Path.GetFullPath(Path.Combine(userHome, ".dotnet", "tools")).TrimEnd('/'), StringComparison.Ordinal);
        return new ToolInstallation(toolPath, global);
    }

    /// <summary>The tool path and package version in a path inside a tool store, or nulls.</summary>
    public static (string? ToolPath, string? Version) SplitStorePath(string path)
    {
        var parts = path.Split('/');
        var store = Array.IndexOf(parts, StoreName);
        if (store < 1 || store + 2 >= parts.Length)
        {
            return (null, null);
        }
        return (string.Join('/', parts[..store]), parts[store + 2]);
    }
}
