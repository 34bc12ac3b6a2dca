using System.Text.Json;
using Sigilum.Testing;

namespace Sigilum.Cli.Signing;

/// <summary>The reference SDK's signed requests for the fixture identity (testdata/conformance/sigilum-golden-signatures.json).</summary>
internal static class GoldenVectors
{
    public sealed record Golden(string Name, string Method, string Url, string? Body, IReadOnlyDictionary<string, string> Headers);

    public const long Created = 1_700_000_000;

    public const string Nonce = "123e4567-e89b-12d3-a456-426614174000";

    public static IReadOnlyList<Golden> All()
    {
        using var doc = JsonDocument.Parse(TestData.ReadText("conformance", "sigilum-golden-signatures.json"));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => new Golden(
            v.GetProperty("name").GetString()!,
            v.GetProperty("method").GetString()!,
            v.GetProperty("url").GetString()!,
            v.GetProperty("body").ValueKind == JsonValueKind.Null ? null : v.GetProperty("body").GetString(),
            v.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))).ToList();
    }

    public static TheoryData<string> Names() => new(All().Select(g => g.Name));

    public static Golden Named(string name) => All().Single(g => g.Name == name);
}
