using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Audit;

namespace Sigilum.Benchmarks;

/// <summary>
/// The gateway's two records per proxied request (<c>gateway.release</c> and <c>gateway.outcome</c>), built the
/// way the gateway built them before ADR 0050 (two <see cref="JsonObject"/>s, canonicalised through a string)
/// and the way it builds them now (typed <see cref="AuditField"/>s written straight to canonical UTF-8). Both
/// give the same bytes (AuditTypedEncodingTests); this measures what the DOM cost per request.
/// </summary>
[MemoryDiagnoser]
public class AuditEncodingBenchmarks
{
    private static readonly string[] Backends = ["vault"];
    private AuditChain _chain = null!;

    [GlobalSetup]
    public void Setup() => _chain = AuditChain.StartNew(TimeProvider.System);

    [Benchmark(Baseline = true)]
    public long ReleaseAndOutcome_JsonObject()
    {
        var release = _chain.Append("gateway.release", new JsonObject
        {
            ["request_id"] = "req_0123456789abcdef01234567",
            ["connection"] = "openai",
            ["namespace"] = "bench",
            ["agent_key_id"] = "ed25519:99fb00dc16ee555a99fb00dc16ee555a",
            ["method"] = "POST",
            ["path"] = "/v1/chat/completions",
            ["subject"] = "alice",
            ["remote_ip"] = "127.0.0.1",
            ["secret_version"] = 3L,
            ["backends"] = new JsonArray([.. Backends.Select(b => (JsonNode?)b)]),
        });
        var outcome = _chain.Append("gateway.outcome", new JsonObject
        {
            ["release_seq"] = release.Seq,
            ["request_id"] = "req_0123456789abcdef01234567",
            ["connection"] = "openai",
            ["status"] = 200,
            ["outcome"] = "forwarded",
            ["response_bytes"] = 1234L,
            ["duration_ms"] = 7L,
        });
        return outcome.Seq;
    }

    [Benchmark]
    public long ReleaseAndOutcome_Typed()
    {
        var release = _chain.Append("gateway.release",
            AuditField.String("request_id", "req_0123456789abcdef01234567"),
            AuditField.String("connection", "openai"),
            AuditField.String("namespace", "bench"),
            AuditField.String("agent_key_id", "ed25519:99fb00dc16ee555a99fb00dc16ee555a"),
            AuditField.String("method", "POST"),
            AuditField.String("path", "/v1/chat/completions"),
            AuditField.String("subject", "alice"),
            AuditField.String("agent_id", null),
            AuditField.String("remote_ip", "127.0.0.1"),
            AuditField.Int64("secret_version", (long?)3),
            AuditField.Strings("backends", Backends));
        var outcome = _chain.Append("gateway.outcome",
            AuditField.Int64("release_seq", release.Seq),
            AuditField.String("request_id", "req_0123456789abcdef01234567"),
            AuditField.String("connection", "openai"),
            AuditField.Int64("status", 200),
            AuditField.String("outcome", "forwarded"),
            AuditField.Int64("response_bytes", 1234),
            AuditField.Int64("duration_ms", 7));
        return outcome.Seq;
    }
}
