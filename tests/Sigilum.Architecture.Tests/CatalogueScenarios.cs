namespace Sigilum.Architecture;

/// <summary>
/// The reliability catalogue's scenario ids (SIG-01 … MEM-04), from the copy in testdata/ that
/// <c>scripts/catalogue --refresh</c> makes of <c>../shared/spec/reliability.md</c> §3.
/// </summary>
internal static class CatalogueScenarios
{
    public static IReadOnlyList<string> Ids { get; } = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "testdata", "reliability-catalogue.tsv"))
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line => line.Split('\t', 2)[0])
        .ToList();
}
