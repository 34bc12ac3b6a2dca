namespace Sigilum.Protocol.Signatures;

/// <summary>Byte-for-byte agreement with signatures made by the reference TypeScript SDK.</summary>
public sealed class GoldenSignatureTests
{
    public static TheoryData<string> GoldenNames() => [.. ConformanceVectors.GoldenSignatures().Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Sign_FixtureIdentityWithFixedCreatedAndNonce_ReproducesEveryGoldenHeader(string name)
    {
        var golden = ConformanceVectors.GoldenSignatures().Single(g => g.Name == name);
        using var identity = Fixtures.FixtureAlice();

        var signed = RequestSigner.Sign(identity, new SignRequest { Method = golden.Method, Url = golden.Url, Body = ConformanceVectors.BodyBytes(golden.Body) }, TimeProvider.System, Fixtures.FixedOptions);

        Assert.Equal(golden.Headers.Count, signed.Headers.Count);
        foreach (var (header, value) in golden.Headers)
        {
            Assert.Equal(value, signed[header]);
        }
    }

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Verify_GoldenRequestFiveSecondsLater_IsValid(string name)
    {
        var golden = ConformanceVectors.GoldenSignatures().Single(g => g.Name == name);
        var target = SignatureTargetUri.Normalize(golden.Url).Value!;
        var request = new VerifyRequest
        {
            Method = golden.Method,
            TargetUri = target,
            Headers = [.. golden.Headers],
            Body = ConformanceVectors.BodyBytes(golden.Body),
        };

        var result = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()));

        Assert.True(result.IsValid, result.Code + " " + result.Reason);
        Assert.Equal("fixture-alice", result.Namespace);
        Assert.Equal("fixture-alice", result.Subject);
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", result.KeyId);
    }

    [Fact]
    public void Sign_SpecWorkedExample_BuildsTheDocumentedSignatureBase()
    {
        using var identity = Fixtures.FixtureAlice();
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = "GET", Url = "https://api.sigilum.local/v1/namespaces/alice/claims?status=approved#fragment" }, TimeProvider.System, Fixtures.FixedOptions);

        var lines = signed.SignatureBase.Split('\n');

        Assert.Equal(7, lines.Length);
        Assert.Equal("\"@method\": get", lines[0]);
        Assert.Equal("\"@target-uri\": https://api.sigilum.local/v1/namespaces/alice/claims?status=approved", lines[1]);
        Assert.Equal("\"sigilum-namespace\": fixture-alice", lines[2]);
        Assert.Equal("\"sigilum-agent-key\": ed25519:J07dj/co4diCmQYTTQGq4adhnMKYejHazCYUQ7eBh0k=", lines[4]);
        Assert.Equal(
            "\"@signature-params\": (\"@method\" \"@target-uri\" \"sigilum-namespace\" \"sigilum-subject\" \"sigilum-agent-key\" \"sigilum-agent-cert\");created=1700000000;keyid=\"did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a\";alg=\"ed25519\";nonce=\"123e4567-e89b-12d3-a456-426614174000\"",
            lines[6]);
        Assert.False(signed.SignatureBase.EndsWith('\n'));
    }
}
