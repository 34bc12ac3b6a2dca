using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Benchmarks;

/// <summary>What a gateway pays per request: parsing, certificate proof, digest and signature checks.</summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private VerifyRequest _request = null!;
    private VerifyOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var identity = BenchmarkFixture.CreateIdentity();
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = "POST", Url = BenchmarkFixture.Url, Body = BenchmarkFixture.Body }, TimeProvider.System);
        _request = new VerifyRequest { Method = "POST", TargetUri = signed.TargetUri, Headers = signed.Headers, Body = BenchmarkFixture.Body };
        // No nonce store and no window here: this measures the cryptographic path alone.
        _options = new VerifyOptions();
    }

    [Benchmark]
    public bool VerifyFullRequest() => RequestVerifier.Verify(_request, _options).IsValid;

    [Benchmark]
    public bool ParseSignatureInput() => SignatureParams.Parse(_request.Headers.First(h => h.Key == SigilumHeaders.SignatureInput).Value).IsSuccess;
}
