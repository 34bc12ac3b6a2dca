using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Audit;

namespace Sigilum.Benchmarks;

/// <summary>
/// Audit chain cost in memory (hash + canonical line). Durable throughput (group commit + fsync) is a
/// property of AuditLog (Sigilum.Core.Audit), measured in DurableAuditBenchmarks; this is its CPU floor.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private const int LogRecords = 1000;
    private AuditChain _chain = null!;
    private byte[] _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chain = AuditChain.StartNew(TimeProvider.System);
        var chain = AuditChain.StartNew(TimeProvider.System);
        using var buffer = new MemoryStream();
        for (var i = 0; i < LogRecords; i++)
        {
            buffer.Write(chain.Append("request.allowed", Fields()).Line.Span);
        }
        _log = buffer.ToArray();
    }

    private static JsonObject Fields() => new()
    {
        ["request_id"] = "req_0123456789abcdef01234567",
        ["agent"] = "did:sigilum:alice#ed25519-99fb00dc16ee555a",
        ["service"] = "openai",
        ["method"] = "POST",
        ["path"] = "/v1/chat/completions",
        ["decision"] = "allow",
        ["status"] = 200,
    };

    [Benchmark]
    public long AppendRecord() => _chain.Append("request.allowed", Fields()).Seq;

    [Benchmark(OperationsPerInvoke = LogRecords)]
    public bool Verify1000RecordLog() => AuditChainVerifier.Verify(_log, new AuditVerifyOptions()).Valid;
}
