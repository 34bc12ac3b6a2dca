using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Identity;

public sealed class IdentityRecordBadInputTests
{
    private static string Mutate(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(TestData.FixtureIdentityJson)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static TheoryData<string, string> BadRecords() => new()
    {
        { "truncated", TestData.FixtureIdentityJson[..120] },
        { "not an object", "[1,2]" },
        { "version 2", Mutate(n => n["version"] = 2) },
        { "version as string", Mutate(n => n["version"] = "1") },
        { "namespace missing", Mutate(n => n.Remove("namespace")) },
        { "namespace as number", Mutate(n => n["namespace"] = 7) },
        { "seed of 31 bytes", Mutate(n => n["privateKey"] = Convert.ToBase64String(new byte[31])) },
        { "seed not base64", Mutate(n => n["privateKey"] = "!!!") },
        { "public key of another seed", Mutate(n => n["privateKey"] = Convert.ToBase64String(new byte[32])) },
        { "key id tampered", Mutate(n => n["keyId"] = "did:sigilum:fixture-alice#ed25519-0000000000000000") },
        { "did of another namespace", Mutate(n => n["did"] = "did:sigilum:mallory") },
        { "certificate proof tampered", Mutate(n => n["certificate"]!["issuedAt"] = "2030-01-01T00:00:00Z") },
        { "certificate missing", Mutate(n => n.Remove("certificate")) },
        { "certificate proof missing", Mutate(n => n["certificate"]!.AsObject().Remove("proof")) },
        { "upper-case namespace", Mutate(n => n["namespace"] = "Fixture-Alice") },
        { "deeply nested", new string('[', 5000) + new string(']', 5000) },
        { "non-ASCII garbage", "{\"version\":1,\"namespace\":\"\u00e9\u00e9\u00e9\"}" },
        { "empty", string.Empty },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void Parse_BadRecord_FailsWithIdentityInvalid(string why, string json)
    {
        var result = IdentityRecord.Parse(json);

        Assert.False(result.IsSuccess, why);
        Assert.Equal("IDENTITY_INVALID", result.Error.Code);
    }

    [Fact]
    public void Create_ThenToJsonThenParse_RoundTrips()
    {
        var record = IdentityRecord.Create("alice", new FakeTimeProvider(1_700_000_000));

        var reparsed = IdentityRecord.Parse(record.ToJson());

        Assert.True(reparsed.IsSuccess, reparsed.Error?.Reason);
        Assert.Equal(record, reparsed.Value);
        Assert.Equal("2023-11-14T22:13:20Z", record.CreatedAt);
        Assert.EndsWith("}\n", record.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\n  \"namespace\": \"alice\",", record.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("a-b-c", true)]
    [InlineData("a_b", false)]
    public void SigilumNamespace_IsValid_FollowsTheSdkRule(string ns, bool valid)
    {
        Assert.Equal(valid, SigilumNamespace.IsValid(ns));
    }

    [Fact]
    public void SigilumNamespace_TryNormalize_TrimsAndLowerCases()
    {
        Assert.True(SigilumNamespace.TryNormalize("  Alice ", out var ns));
        Assert.Equal("alice", ns);
        Assert.True(SigilumNamespace.IsValid(new string('a', 64)));
        Assert.False(SigilumNamespace.IsValid(new string('a', 65)));
    }
}
