using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Benchmarks;

/// <summary>What an agent pays per request: signing (digest + base + Ed25519).</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private SigningIdentity _identity = null!;
    private SignatureParams _params = null!;
    private Dictionary<string, string> _headers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _identity = BenchmarkFixture.CreateIdentity();
        var signed = RequestSigner.Sign(_identity, new SignRequest { Method = "POST", Url = BenchmarkFixture.Url, Body = BenchmarkFixture.Body }, TimeProvider.System);
        _params = SignatureParams.Parse(signed[SigilumHeaders.SignatureInput]).Value!;
        _headers = signed.Headers.ToDictionary(h => h.Key, h => h.Value);
    }

    [GlobalCleanup]
    public void Cleanup() => _identity.Dispose();

    [Benchmark]
    public SignedRequest SignRequestWithBody() =>
        RequestSigner.Sign(_identity, new SignRequest { Method = "POST", Url = BenchmarkFixture.Url, Body = BenchmarkFixture.Body }, TimeProvider.System);

    [Benchmark]
    public string? BuildSignatureBase() =>
        SignatureBase.Build(_params, "POST", BenchmarkFixture.Url, name => _headers.GetValueOrDefault(name)).Value;
}
