using System.Text.Json;

namespace Sigilum.Protocol.Identity;

public sealed class IdentityRecordTests
{
    [Fact]
    public void Parse_FixtureWithUnknownFields_LoadsAndVerifies()
    {
        var result = IdentityRecord.Parse(TestData.FixtureIdentityJson);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("fixture-alice", result.Value.Namespace);
        Assert.Equal("did:sigilum:fixture-alice", result.Value.Did);
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", result.Value.KeyId);
        Assert.True(result.Value.Certificate.VerifyProof());
    }

    [Fact]
    public void CertificateHeader_Fixture_MatchesGoldenHeaderByteForByte()
    {
        var record = IdentityRecord.Parse(TestData.FixtureIdentityJson).Value!;
        using var golden = JsonDocument.Parse(TestData.ReadText("conformance", "sigilum-golden-signatures.json"));
        var expected = golden.RootElement.GetProperty("vectors")[0].GetProperty("headers").GetProperty("sigilum-agent-cert").GetString();

        Assert.Equal(expected, record.Certificate.ToHeaderValue());
    }
}
