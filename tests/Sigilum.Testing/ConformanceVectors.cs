using System.Text.Json;

namespace Sigilum.Testing;

/// <summary>Reads the public Sigilum vector files from testdata/conformance.</summary>
public static class ConformanceVectors
{
    public sealed record Golden(string Name, string Method, string Url, string? Body, IReadOnlyDictionary<string, string> Headers);

    public sealed record Vector(string Name, string Method, string Url, string? Body, string ExpectedTargetUri, string ExpectedMethodComponent, string? ExpectedContentDigest, IReadOnlyList<string> ExpectedComponents);

    public sealed record Negative(string Name, string SourceVector, string Mutation, string? Field, string Value, string ExpectedReasonContains);

    public const long Created = 1700000000;

    public const string Nonce = "123e4567-e89b-12d3-a456-426614174000";

    public static IReadOnlyList<Golden> GoldenSignatures()
    {
        using var doc = JsonDocument.Parse(TestData.ReadText("conformance", "sigilum-golden-signatures.json"));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => new Golden(
            v.GetProperty("name").GetString()!,
            v.GetProperty("method").GetString()!,
            v.GetProperty("url").GetString()!,
            v.GetProperty("body").ValueKind == JsonValueKind.Null ? null : v.GetProperty("body").GetString(),
            v.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!))).ToList();
    }

    public static IReadOnlyList<Vector> Vectors()
    {
        using var doc = JsonDocument.Parse(TestData.ReadText("conformance", "sigilum-rfc9421-vectors.json"));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => new Vector(
            v.GetProperty("name").GetString()!,
            v.GetProperty("method").GetString()!,
            v.GetProperty("url").GetString()!,
            v.GetProperty("body").ValueKind == JsonValueKind.Null ? null : v.GetProperty("body").GetString(),
            v.GetProperty("expected_target_uri").GetString()!,
            v.GetProperty("expected_method_component").GetString()!,
            v.TryGetProperty("expected_content_digest", out var d) ? d.GetString() : null,
            v.GetProperty("expected_components").EnumerateArray().Select(c => c.GetString()!).ToList())).ToList();
    }

    public static IReadOnlyList<Negative> NegativeVectors()
    {
        using var doc = JsonDocument.Parse(TestData.ReadText("conformance", "sigilum-rfc9421-vectors.json"));
        return doc.RootElement.GetProperty("negative_vectors").EnumerateArray().Select(v => new Negative(
            v.GetProperty("name").GetString()!,
            v.GetProperty("source_vector").GetString()!,
            v.GetProperty("mutation").GetString()!,
            v.TryGetProperty("field", out var f) ? f.GetString() : null,
            v.GetProperty("value").GetString()!,
            v.GetProperty("expected_reason_contains").GetString()!)).ToList();
    }

    /// <summary>The golden vectors' names, for theories.</summary>
    public static Xunit.TheoryData<string> GoldenNames() => new(GoldenSignatures().Select(g => g.Name));

    public static Golden GoldenNamed(string name) => GoldenSignatures().Single(g => g.Name == name);

    public static byte[] BodyBytes(string? body) => body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body);
}
