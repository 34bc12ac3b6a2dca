namespace Sigilum.Architecture;

/// <summary>
/// Every scenario of the reliability catalogue has a test named after its id (issue 12: "every check has a
/// test in which only that check fails, named after its catalogue id"). <c>scripts/catalogue</c> prints the
/// same mapping as a table for docs/security.md.
/// </summary>
public sealed class CatalogueCoverageTests
{
    [Fact]
    public void Catalogue_CopyInTestdata_HasAllScenarios()
    {
        // 136 rows in ../shared/spec/reliability.md §3; a short copy would let the coverage check pass on less.
        Assert.Equal(136, CatalogueScenarios.Ids.Count);
        Assert.Equal(CatalogueScenarios.Ids.Count, CatalogueScenarios.Ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CatalogueScenarios_EachOne_HasATestNamedAfterItsId()
    {
        var tests = TestSources.TestsByCatalogueId();

        var missing = CatalogueScenarios.Ids.Where(id => !tests.ContainsKey(id)).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} catalogue scenarios have no test named after them (name a test ID_NN_…): " + string.Join(", ", missing));
    }

    [Fact]
    public void TestNames_WithACatalogueIdPrefix_NameAnIdThatExists()
    {
        // A typo (PRX_81_…) would look like coverage in the table while covering nothing.
        var known = CatalogueScenarios.Ids.ToHashSet(StringComparer.Ordinal);

        var unknown = TestSources.TestsByCatalogueId().Where(pair => !known.Contains(pair.Key)).SelectMany(pair => pair.Value).ToList();

        Assert.True(unknown.Count == 0, "Tests named after no catalogue id: " + string.Join(", ", unknown));
    }
}
