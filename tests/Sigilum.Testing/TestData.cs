namespace Sigilum.Testing;

/// <summary>Paths to the repo's testdata/ copied beside each test assembly.</summary>
public static class TestData
{
    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "testdata");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>The public Sigilum fixture identity (namespace <c>fixture-alice</c>).</summary>
    public static string FixtureIdentityJson => ReadText("conformance", "sigilum-identity-record-v1.json");
}
