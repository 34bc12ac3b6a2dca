using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sigilum.Core.Secrets;

namespace Sigilum.Benchmarks;

/// <summary>
/// The echo scrubber's cost per response (ADR 0044): deriving every spelling per response (what the gateway did until
/// the third pass, and what the vault does per released credential) against a scan over spellings derived once per
/// connection and secret version. The response is a small JSON body and four typical header values, as in
/// benchmarks/gateway-load.sh.
/// </summary>
[MemoryDiagnoser]
public class EchoScrubberBenchmarks
{
    private static readonly string[] Headers = ["application/json", "Mon, 07 Dec 2026 15:00:00 GMT", "nginx/1.22.1", "42"];
    private readonly byte[] _body = "{\"message\":\"hello\",\"ok\":true,\"n\":12345}"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private byte[][] _secrets = null!;
    private SecretSpellings _shared = null!;

    [GlobalSetup]
    public void Setup()
    {
        _secrets = [Encoding.ASCII.GetBytes("sk-bench-0123456789abcdef0123456789")];
        _shared = new SecretSpellings(_secrets, EchoMarker.Gateway);
    }

    [GlobalCleanup]
    public void Cleanup() => _shared.Dispose();

    [Benchmark(Baseline = true)]
    public bool DerivedPerResponse()
    {
        using var scrubber = new SecretScrubber(_secrets, EchoMarker.Gateway);
        return Scrub(scrubber);
    }

    [Benchmark]
    public bool SharedSpellings()
    {
        using var scrubber = new SecretScrubber(_shared);
        return Scrub(scrubber);
    }

    private bool Scrub(SecretScrubber scrubber)
    {
        foreach (var header in Headers)
        {
            scrubber.ScrubText(header);
        }
        _output.ResetWrittenCount();
        scrubber.Process(_body, _output);
        scrubber.Flush(_output);
        return scrubber.Found;
    }
}
