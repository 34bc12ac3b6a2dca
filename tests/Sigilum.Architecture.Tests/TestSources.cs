using System.Text.RegularExpressions;

namespace Sigilum.Architecture;

/// <summary>
/// The test methods of the source tree that carry a catalogue id first in their name
/// (<c>PRX_07_SniIsAnIp_Refused</c> covers PRX-07). Read from the sources, not the assemblies, so the check
/// covers every test project without referencing them all.
/// </summary>
internal static partial class TestSources
{
    /// <summary>The repository root: the nearest folder above the test assembly that holds Sigilum.slnx.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sigilum.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("No Sigilum.slnx above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Catalogue id (with a dash) → the test methods named after it, as <c>File.Method</c>.</summary>
    public static IReadOnlyDictionary<string, List<string>> TestsByCatalogueId()
    {
        var tests = Path.Combine(RepositoryRoot, "tests");
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match match in CatalogueTestMethod().Matches(File.ReadAllText(file)))
            {
                var id = match.Groups["area"].Value + "-" + match.Groups["number"].Value;
                if (!found.TryGetValue(id, out var list))
                {
                    found[id] = list = [];
                }
                list.Add(Path.GetFileNameWithoutExtension(file) + "." + match.Groups["name"].Value);
            }
        }
        return found;
    }

    // A test method: [Fact] or [Theory], then any attribute lines ([InlineData(…)] may hold brackets of its own), then a
    // method whose name starts with the id.
    [GeneratedRegex(@"\[(?:Fact|Theory)\b[^\n]*\](?:\s*\[[^\n]*\])*\s*public\s+(?:async\s+)?(?:Task|void)\s+(?<name>(?<area>[A-Z]{3})_(?<number>\d{2})_\w+)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogueTestMethod();
}
