using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// The reference SDKs' conformance procedure (spec §1.9): a fresh identity signs each vector with the
/// fixed created/nonce, then verify → replay rejected → expired rejected → each negative mutation fails
/// with the expected reason word.
/// </summary>
public sealed class VectorProcedureTests
{
    public static TheoryData<string> VectorNames() => [.. ConformanceVectors.Vectors().Select(v => v.Name)];

    public static TheoryData<string> NegativeNames() => [.. ConformanceVectors.NegativeVectors().Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void SignThenVerify_FreshIdentity_FollowsTheReferenceProcedure(string name)
    {
        var vector = ConformanceVectors.Vectors().Single(v => v.Name == name);
        using var identity = Fixtures.Fresh();
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = vector.Method, Url = vector.Url, Body = ConformanceVectors.BodyBytes(vector.Body) }, TimeProvider.System, Fixtures.FixedOptions);

        Assert.Equal(vector.ExpectedTargetUri, signed.TargetUri);
        Assert.StartsWith($"\"@method\": {vector.ExpectedMethodComponent}\n", signed.SignatureBase, StringComparison.Ordinal);
        var input = signed[SigilumHeaders.SignatureInput]!;
        Assert.Contains($"created={ConformanceVectors.Created}", input, StringComparison.Ordinal);
        Assert.Contains($"nonce=\"{ConformanceVectors.Nonce}\"", input, StringComparison.Ordinal);
        Assert.Contains("(" + string.Join(' ', vector.ExpectedComponents.Select(c => $"\"{c}\"")) + ")", input, StringComparison.Ordinal);
        Assert.Equal(vector.ExpectedContentDigest, signed[SigilumHeaders.ContentDigest]);

        var nonces = Fixtures.NonceSet();
        var request = Fixtures.ToVerifyRequest(signed, vector.Body);
        var first = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 5, nonces));
        var replay = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 5, nonces));
        var expired = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 500, Fixtures.NonceSet()));

        Assert.True(first.IsValid, first.Code + " " + first.Reason);
        Assert.Equal(ErrorCatalogue.SigReplayDetected, replay.Code);
        Assert.Contains("replay", replay.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCatalogue.SigTimestampOutOfRange, expired.Code);
        Assert.Contains("expired", expired.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(NegativeNames))]
    public void Verify_NegativeMutation_FailsWithTheExpectedReasonWord(string name)
    {
        var negative = ConformanceVectors.NegativeVectors().Single(v => v.Name == name);
        var vector = ConformanceVectors.Vectors().Single(v => v.Name == negative.SourceVector);
        using var identity = Fixtures.Fresh();
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = vector.Method, Url = vector.Url, Body = ConformanceVectors.BodyBytes(vector.Body) }, TimeProvider.System, Fixtures.FixedOptions);
        var request = Fixtures.ToVerifyRequest(signed, vector.Body);
        request = negative.Mutation switch
        {
            "method" => request with { Method = negative.Value },
            "header" => request with { Headers = [.. request.Headers.Select(h => h.Key == negative.Field ? new KeyValuePair<string, string>(h.Key, negative.Value) : h)] },
            "body" => request with { Body = ConformanceVectors.BodyBytes(negative.Value) },
            _ => throw new InvalidOperationException("unknown mutation " + negative.Mutation),
        };

        var result = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 5, Fixtures.NonceSet()));

        Assert.False(result.IsValid);
        Assert.Contains(negative.ExpectedReasonContains, result.Reason!.ToLowerInvariant(), StringComparison.Ordinal);
    }
}
