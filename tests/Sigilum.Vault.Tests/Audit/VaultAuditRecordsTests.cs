using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Audit;

/// <summary>
/// The vault's records written from typed fields (ADR 0060) against the <c>JsonObject</c> records they replace, kept
/// here verbatim as the reference: two logs on the same clock and key, one written each way, must hold the same bytes.
/// </summary>
public sealed class VaultAuditRecordsTests : IDisposable
{
    private readonly TempDirectory _dom = new("sigil-vault-audit-dom-");
    private readonly TempDirectory _typed = new("sigil-vault-audit-typed-");
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(1_790_000_000);

    public void Dispose()
    {
        _key.Dispose();
        _dom.Dispose();
        _typed.Dispose();
    }

    [Fact]
    public async Task Append_ReleaseOutcomeAndDenyShapes_ByteIdenticalToTheJsonObjectRecords()
    {
        var route = new RouteConfig("r_1", "agent-\"1\"", "api.example.com", "/v1/**", "env", "OPENAI_KEY", [], null, false, _time.GetUtcNow());
        var backend = new BackendConfig("env", "env", new Dictionary<string, string>(), _time.GetUtcNow());
        var longPath = "/v1/" + new string('é', 300) + "\n\u0001";

        await using (var dom = Open(_dom))
        await using (var typed = Open(_typed))
        {
            foreach (var (policyHash, path) in new[] { ((string?)"ab12", "/v1/items?x"), (null, VaultAuditRecords.Truncate(longPath)!) })
            {
                var claims = Claims(policyHash);
                var reference = await dom.AppendAsync(VaultAuditTypes.Release, new JsonObject
                {
                    ["agent"] = route.AgentId, ["route"] = route.Id, ["backend"] = backend.Name, ["kind"] = backend.Kind, ["secret"] = route.SecretRef,
                    ["jti"] = claims.Jti, ["iss"] = claims.Issuer, ["kid"] = claims.KeyId, ["intentHash"] = claims.IntentHash,
                    ["policyHash"] = claims.PolicyHash, ["method"] = "POST", ["host"] = "api.example.com", ["port"] = 8443, ["path"] = path,
                }, durable: true);
                var actual = await VaultAuditRecords.AppendReleaseAsync(typed,
                    new VaultReleaseEntry(route.AgentId, route, backend, claims, "POST", "api.example.com", 8443, path));
                AssertSame(reference, actual);
                _time.Advance(TimeSpan.FromTicks(12_345));

                foreach (var reflected in new[] { true, false })
                {
                    AssertSame(
                        await dom.AppendAsync(VaultAuditTypes.Outcome, new JsonObject
                        {
                            ["release"] = reference.Seq, ["status"] = 502, ["outcome"] = "stream_truncated", ["bytes"] = 1L << 40, ["credentialReflected"] = reflected,
                        }, durable: false),
                        await VaultAuditRecords.AppendOutcomeAsync(typed, actual.Seq, 502, "stream_truncated", 1L << 40, reflected));
                }
            }

            // A refusal: path absent (CONNECT) is a JSON null member; an SNI that was not sent is one too; scheme and port as extras.
            foreach (var (path, extra, extraDom) in new (string?, AuditField[], JsonObject)[]
            {
                (null, [], []),
                (null, [AuditField.StringOrNull("sni", null)], new JsonObject { ["sni"] = null }),
                (longPath, [AuditField.StringOrNull("sni", "other.example")], new JsonObject { ["sni"] = "other.example" }),
                ("/x", [AuditField.StringOrNull("scheme", "http"), AuditField.Int64("port", 80)], new JsonObject { ["scheme"] = "http", ["port"] = 80 }),
            })
            {
                var fields = new JsonObject
                {
                    ["agent"] = "agent-1", ["method"] = VaultAuditRecords.Truncate("CONNECT"), ["host"] = VaultAuditRecords.Truncate("api.example.com"),
                    ["path"] = VaultAuditRecords.Truncate(path), ["status"] = 403, ["code"] = "HOST_MISMATCH",
                };
                foreach (var (name, value) in extraDom)
                {
                    fields[name] = value?.DeepClone();
                }
                AssertSame(
                    await dom.AppendAsync(VaultAuditTypes.Deny, fields, durable: false),
                    await VaultAuditRecords.AppendDenyAsync(typed, "agent-1", "CONNECT", "api.example.com", path, "HOST_MISMATCH", 403,
                        extra.Length > 0 ? extra[0] : default, extra.Length > 1 ? extra[1] : default));
                _time.Advance(TimeSpan.FromMilliseconds(7));
            }
        }

        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(_dom.Path, AuditLogOptions.LogFileName)),
            await File.ReadAllBytesAsync(Path.Combine(_typed.Path, AuditLogOptions.LogFileName)));
    }

    private AuditLog Open(TempDirectory directory) => AuditLog.Open(new AuditLogOptions
    {
        Directory = directory.Path,
        NodeId = "vault-test",
        SigningKey = _key,
        TimeProvider = _time,
    });

    private AttestationClaims Claims(string? policyHash) => new()
    {
        Issuer = "did:sigilum:issuer",
        Audiences = ["sigil-vault"],
        IssuedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow().AddMinutes(1),
        Jti = "jti-\u00e9\u2028",
        IntentHash = new string('a', 64),
        PolicyHash = policyHash,
        KeyId = "k1",
        Payload = JsonDocument.Parse("{}").RootElement,
    };

    private static void AssertSame(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.True(expected.Line.Span.SequenceEqual(actual.Line.Span));
        Assert.Equal(expected.Hash, actual.Hash);
    }
}
