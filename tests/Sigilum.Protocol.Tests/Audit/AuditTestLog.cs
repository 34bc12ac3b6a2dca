using System.Text.Json.Nodes;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Audit;

/// <summary>Builds small, deterministic audit logs and checkpoint keys for the audit tests.</summary>
internal static class AuditTestLog
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    /// <summary>A node key from a fixed seed, so failures reproduce.</summary>
    public static Ed25519KeyPair NodeKey(byte fill = 7) => Ed25519KeyPair.FromSeed(Enumerable.Repeat(fill, Ed25519.SeedSize).ToArray());

    /// <summary>Fields of varied shape: nested objects, arrays, numbers, non-ASCII and escaped text.</summary>
    public static JsonObject Fields(int i) => new()
    {
        ["agent"] = $"did:sigilum:alice#ed25519-{i:x4}",
        ["decision"] = i % 3 == 0 ? "deny" : "allow",
        ["status"] = 200 + i,
        ["latency_ms"] = 1.5 * i,
        ["route"] = new JsonObject { ["host"] = "api.example.com", ["path"] = $"/v1/items/{i}", ["tags"] = new JsonArray("a", i, null, true) },
        ["note"] = $"naïve \"quoted\" \\ line {i} 😀 <tab>\t",
    };

    public static List<AuditRecord> Records(int count, FakeTimeProvider? clock = null)
    {
        clock ??= Clock();
        var chain = AuditChain.StartNew(clock);
        var records = new List<AuditRecord>();
        for (var i = 1; i <= count; i++)
        {
            records.Add(chain.Append(i % 2 == 0 ? "gateway.request" : "vault.credential.release", Fields(i)));
            clock.Advance(TimeSpan.FromMilliseconds(250));
        }
        return records;
    }

    /// <summary>The lines' text without newlines.</summary>
    public static List<string> Lines(IEnumerable<AuditRecord> records) => records.Select(r => r.ToString()).ToList();

    /// <summary>The file bytes of a log made of these lines, each ended by a newline.</summary>
    public static byte[] Bytes(IEnumerable<string> lines) => System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    public static byte[] Bytes(IEnumerable<AuditRecord> records) => records.SelectMany(r => r.Line.ToArray()).ToArray();

    public static AuditVerifyOptions Trusting(Ed25519KeyPair key, params AuditCheckpoint[] checkpoints) =>
        new() { TrustedKeys = [key.PublicKey.ToArray()], Checkpoints = checkpoints };
}
