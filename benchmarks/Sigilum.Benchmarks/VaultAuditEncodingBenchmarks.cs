using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Audit;

namespace Sigilum.Benchmarks;

/// <summary>
/// The vault's two records per released request (<c>vault.release</c> and <c>vault.outcome</c>), built as the vault
/// built them before ADR 0060 (two <see cref="JsonObject"/>s) and as it builds them now (typed <see cref="AuditField"/>s,
/// the shapes of <c>Sigilum.Vault.Audit.VaultAuditRecords</c>). Both give the same bytes (VaultAuditRecordsTests);
/// this measures what the DOM cost per release.
/// </summary>
[MemoryDiagnoser]
public class VaultAuditEncodingBenchmarks
{
    private AuditChain _chain = null!;

    [GlobalSetup]
    public void Setup() => _chain = AuditChain.StartNew(TimeProvider.System);

    [Benchmark(Baseline = true)]
    public long ReleaseAndOutcome_JsonObject()
    {
        var release = _chain.Append("vault.release", new JsonObject
        {
            ["agent"] = "bench-agent",
            ["route"] = "r_01J9Z0123456789",
            ["backend"] = "env",
            ["kind"] = "env",
            ["secret"] = "UPSTREAM_TOKEN",
            ["jti"] = "01J9Z0123456789ABCDEFGHJKM",
            ["iss"] = "did:sigilum:bench-issuer",
            ["kid"] = "bench-key",
            ["intentHash"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ["policyHash"] = null,
            ["method"] = "GET",
            ["host"] = "localhost",
            ["port"] = 8443,
            ["path"] = "/v1/items",
        });
        var outcome = _chain.Append("vault.outcome", new JsonObject
        {
            ["release"] = release.Seq,
            ["status"] = 200,
            ["outcome"] = "ok",
            ["bytes"] = 1234L,
            ["credentialReflected"] = false,
        });
        return outcome.Seq;
    }

    [Benchmark]
    public long ReleaseAndOutcome_Typed()
    {
        var release = _chain.Append("vault.release",
            AuditField.StringOrNull("agent", "bench-agent"),
            AuditField.StringOrNull("route", "r_01J9Z0123456789"),
            AuditField.StringOrNull("backend", "env"),
            AuditField.StringOrNull("kind", "env"),
            AuditField.StringOrNull("secret", "UPSTREAM_TOKEN"),
            AuditField.StringOrNull("jti", "01J9Z0123456789ABCDEFGHJKM"),
            AuditField.StringOrNull("iss", "did:sigilum:bench-issuer"),
            AuditField.StringOrNull("kid", "bench-key"),
            AuditField.StringOrNull("intentHash", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            AuditField.StringOrNull("policyHash", null),
            AuditField.StringOrNull("method", "GET"),
            AuditField.StringOrNull("host", "localhost"),
            AuditField.Int64("port", 8443),
            AuditField.StringOrNull("path", "/v1/items"));
        var outcome = _chain.Append("vault.outcome",
            AuditField.Int64("release", release.Seq),
            AuditField.Int64("status", 200),
            AuditField.StringOrNull("outcome", "ok"),
            AuditField.Int64("bytes", 1234),
            AuditField.Boolean("credentialReflected", false));
        return outcome.Seq;
    }
}
