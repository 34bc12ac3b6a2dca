using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Keys;

namespace Sigilum.Benchmarks;

/// <summary>
/// Durable audit throughput (DESIGN §6: at least 20,000 records/s on 2 cores): a durable append
/// completes only after the sync of its batch; concurrent appenders share batches (group commit).
/// <see cref="DurableAppend"/>: one operation is one durable record. <see cref="ReleaseThenOutcome"/>:
/// one operation is one request's pair (durable release, then non-durable outcome; ADR 0031).
/// </summary>
[MemoryDiagnoser]
public class DurableAuditBenchmarks
{
    private const int RecordsPerInvoke = 2048;
    private string _directory = null!;
    private Ed25519KeyPair _key = null!;
    private AuditLog _log = null!;

    /// <summary>How many tasks append at once (a gateway has one per in-flight request).</summary>
    [Params(1, 8, 32)]
    public int Appenders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The log lives on the same disk as the temp folder; say which in docs/benchmarks.md.
        _directory = Directory.CreateTempSubdirectory("sigilum-bench-audit-").FullName;
        _key = Ed25519KeyPair.Generate();
        _log = AuditLog.Open(new AuditLogOptions { Directory = _directory, NodeId = "bench-node", SigningKey = _key });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public Task DurableAppend()
    {
        var perAppender = RecordsPerInvoke / Appenders;
        return Task.WhenAll(Enumerable.Range(0, Appenders).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perAppender; i++)
            {
                await _log.AppendAsync("credential.release", Fields(), durable: true).ConfigureAwait(false);
            }
        })));
    }

    /// <summary>
    /// One released request as the gateway and the vault audit it: a durable release, then a non-durable
    /// outcome after the (here: empty) response. One operation is one request (two records).
    /// </summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public Task ReleaseThenOutcome()
    {
        var perAppender = RecordsPerInvoke / Appenders;
        return Task.WhenAll(Enumerable.Range(0, Appenders).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perAppender; i++)
            {
                var release = await _log.AppendAsync("gateway.release", Fields(), durable: true).ConfigureAwait(false);
                await _log.AppendAsync("gateway.outcome", Outcome(release.Seq), durable: false).ConfigureAwait(false);
            }
        })));
    }

    private static JsonObject Outcome(long releaseSeq) => new()
    {
        ["release_seq"] = releaseSeq,
        ["request_id"] = "req_0123456789abcdef01234567",
        ["connection"] = "openai",
        ["status"] = 200,
        ["outcome"] = "ok",
        ["response_bytes"] = 1234,
        ["duration_ms"] = 12,
    };

    private static JsonObject Fields() => new()
    {
        ["request_id"] = "req_0123456789abcdef01234567",
        ["agent"] = "did:sigilum:alice#ed25519-99fb00dc16ee555a",
        ["service"] = "openai",
        ["credential"] = "cred_0123456789abcdef",
        ["decision"] = "allow",
    };
}
