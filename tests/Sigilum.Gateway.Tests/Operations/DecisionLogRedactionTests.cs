using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging;
using Sigilum.Testing;

namespace Sigilum.Gateway.Operations;

public sealed class DecisionLogRedactionTests
{
    private static readonly string[] SensitiveWords = ["token", "secret", "authorization", "cookie", "password", "private", "signature", "cert", "api_key"];

    [Theory]
    [InlineData("remote_ip", "203.0.113.77", "203.0.113.0/24")]
    [InlineData("client_IP", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("ip", "::ffff:198.51.100.9", "198.51.100.0/24")]
    [InlineData("remote_ip", "198.51.100.9:4711", "198.51.100.0/24")]
    [InlineData("Authorization", "Bearer sk-live-123", "[redacted]")]
    [InlineData("admin_token", "t", "[redacted]")]
    [InlineData("client_secret", "s", "[redacted]")]
    [InlineData("set_cookie", "c=1", "[redacted]")]
    [InlineData("password_hint", "p", "[redacted]")]
    [InlineData("private_key", "k", "[redacted]")]
    [InlineData("signature_input", "sig1=(...)", "[redacted]")]
    [InlineData("agent_cert", "c", "[redacted]")]
    [InlineData("X_API_KEY", "k", "[redacted]")]
    [InlineData("ip_token", "203.0.113.1", "[redacted]")]
    [InlineData("subject", "bob@example.com", "bob@example.com")]
    [InlineData("did", "did:sigilum:alice:linear#abc", "did:sigilum:alice:linear#abc")]
    [InlineData("stage", "claims_lookup", "claims_lookup")]
    public void Format_FieldTable_SanitisedByName(string field, string value, string expected)
    {
        var line = Format(new Dictionary<string, object?> { [field] = value });

        Assert.Equal(expected, line.RootElement.GetProperty(field).GetString());
    }

    [Theory]
    [InlineData("namespace", "alice")]
    [InlineData("agent_public_key", "ed25519:AAAA")]
    [InlineData("agent_key", "ed25519:BBBB")]
    [InlineData("key_id", "kid-1")]
    [InlineData("claim_id", "cl_123")]
    [InlineData("remote_ip", "not-an-ip")]
    public void Format_IdentityFieldsAndUnparsableIp_Sha256Prefix(string field, string value)
    {
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))[..6]);

        var line = Format(new Dictionary<string, object?> { [field] = value });

        Assert.Equal(expected, line.RootElement.GetProperty(field).GetString());
    }

    [Fact]
    public void Format_LongString_TruncatedAt256()
    {
        var line = Format(new Dictionary<string, object?> { ["path"] = new string('a', 1000) });

        Assert.Equal(new string('a', 256) + "...", line.RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public void Format_Duration_Milliseconds()
    {
        var line = Format(new Dictionary<string, object?> { ["duration"] = TimeSpan.FromMilliseconds(1234.5), ["status"] = 502, ["ok"] = false });

        Assert.Equal(1234.5, line.RootElement.GetProperty("duration").GetDouble());
        Assert.Equal(502, line.RootElement.GetProperty("status").GetInt32());
        Assert.False(line.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void Format_NestedDictionariesAndLists_RulesApplyInside()
    {
        var line = Format(new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, string> { ["Cookie"] = "session=abc", ["Accept"] = "text/plain" },
            ["remote_ips"] = new[] { "203.0.113.1", "203.0.113.200" },
            ["secrets"] = new Dictionary<string, object?> { ["k"] = "v" },
            ["context"] = new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["namespace"] = "alice" } },
        });

        var root = line.RootElement;
        Assert.Equal("[redacted]", root.GetProperty("headers").GetProperty("Cookie").GetString());
        Assert.Equal("text/plain", root.GetProperty("headers").GetProperty("Accept").GetString());
        Assert.Equal(["203.0.113.0/24", "203.0.113.0/24"], root.GetProperty("remote_ips").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("[redacted]", root.GetProperty("secrets").GetString());
        Assert.StartsWith("sha256:", root.GetProperty("context").GetProperty("inner").GetProperty("namespace").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_DeeperThanFourLevels_NotWritten()
    {
        object? value = "deep-secret-free-text";
        for (var i = 0; i < 6; i++)
        {
            value = new Dictionary<string, object?> { ["level"] = value };
        }

        var text = new JsonDecisionLog(Loggers(out _), TimeProvider.System, true).Format("e", new Dictionary<string, object?> { ["nested"] = value });

        Assert.DoesNotContain("deep-secret-free-text", text, StringComparison.Ordinal);
        Assert.Contains("[depth_limit]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnknownObject_TypeNameOnly()
    {
        var line = Format(new Dictionary<string, object?> { ["request"] = new Leaky("sk-live-should-not-appear") });

        Assert.Equal("[unsupported:Leaky]", line.RootElement.GetProperty("request").GetString());
    }

    [Fact]
    public void Format_Envelope_TimestampComponentKindEventFirst_ReservedFieldsDropped()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var text = new JsonDecisionLog(Loggers(out _), time, true).Format("proxy_request_end", new Dictionary<string, object?>
        {
            ["event"] = "forged",
            ["kind"] = "forged",
            ["status"] = 200,
        });

        using var line = JsonDocument.Parse(text);
        Assert.Equal(["timestamp", "component", "kind", "event", "status"], line.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-21T12:00:00.0000000Z", line.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("gateway", line.RootElement.GetProperty("component").GetString());
        Assert.Equal("decision", line.RootElement.GetProperty("kind").GetString());
        Assert.Equal("proxy_request_end", line.RootElement.GetProperty("event").GetString());
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Write_Enabled_OneInformationLineInDecisionCategory()
    {
        var log = new JsonDecisionLog(Loggers(out var captured), TimeProvider.System, enabled: true);

        log.Write("admin_access_denied", new Dictionary<string, object?> { ["via"] = "loopback", ["note"] = "line\nbreak" });

        var entry = Assert.Single(captured.Entries);
        Assert.Equal((JsonDecisionLog.Category, LogLevel.Information), (entry.Category, entry.Level));
        Assert.DoesNotContain('\n', entry.Message);
        using var line = JsonDocument.Parse(entry.Message);
        Assert.Equal("line\nbreak", line.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public void Write_Disabled_NothingLogged()
    {
        var log = new JsonDecisionLog(Loggers(out var captured), TimeProvider.System, enabled: false);

        log.Write("proxy_request_start", new Dictionary<string, object?> { ["via"] = "x" });

        Assert.Empty(captured.Entries);
    }

    [Fact]
    public void Format_SecretUnderAnySensitiveName_NeverInOutput()
    {
        var names =
            from word in Gen.Elements(SensitiveWords)
            from upper in ArbMap.Default.GeneratorFor<bool>()
            from prefix in Gen.Elements("", "x_", "agent_", "upstream-", "Remote", "ip_")
            from suffix in Gen.Elements("", "_value", "s", "_hash", "Header", "_ip")
            select prefix + (upper ? word.ToUpperInvariant() : word) + suffix;
        var secrets = Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+=".ToCharArray()), 12)
            .Select(chars => "S3cr" + new string(chars));
        var shapes = Gen.Choose(0, 4);
        var cases = from name in names from secret in secrets from shape in shapes from depth in Gen.Choose(0, 3) select (name, secret, shape, depth);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            object? value = c.shape switch
            {
                0 => c.secret,
                1 => new[] { c.secret, "other" },
                2 => new Dictionary<string, object?> { ["value"] = c.secret },
                3 => Encoding.UTF8.GetBytes(c.secret),
                _ => new List<object?> { new Dictionary<string, string> { ["inner"] = c.secret } },
            };
            var fields = new Dictionary<string, object?> { [c.name] = value };
            // Planted under a sensitive name at some depth inside harmless containers.
            for (var i = 0; i < c.depth; i++)
            {
                fields = new Dictionary<string, object?> { ["wrapper" + i] = fields };
            }
            var text = new JsonDecisionLog(Loggers(out _), TimeProvider.System, true).Format("e", fields);
            return !text.Contains(c.secret, StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LoggingDid_LongKeyAndDistinctSubject_ShortenedAndAppended()
    {
        var key = "ed25519:" + "ABCDEFGHIJKL" + "mnopqrstuvwxyz+/0123" + "45678901";

        Assert.Equal("did:sigilum:alice:linear#ABCDEFGHIJKL-45678901#bob", LoggingDid.For("alice", "linear", key, "bob"));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData(null)]
    [InlineData("")]
    public void LoggingDid_SubjectSameAsNamespaceOrMissing_NoSubjectPart(string? subject)
    {
        Assert.Equal("did:sigilum:alice:linear#shortkeyx", LoggingDid.For("alice", "linear", "ed25519:short+key/x", subject));
    }

    [Fact]
    public void MaskIp_SameAddressAgainThenAnother_EachMaskedForItsOwnAddress()
    {
        // The per-thread memo of the last address must never answer for a different one.
        Assert.Equal("203.0.113.0/24", DecisionLogRedaction.MaskIp("203.0.113.77"));
        Assert.Equal("203.0.113.0/24", DecisionLogRedaction.MaskIp("203.0.113.77"));
        Assert.Equal("198.51.100.0/24", DecisionLogRedaction.MaskIp("198.51.100.9"));
        Assert.Equal("2001:db8:1:2::/64", DecisionLogRedaction.MaskIp("2001:db8:1:2:3:4:5:6"));
        Assert.Equal("203.0.113.0/24", DecisionLogRedaction.MaskIp("203.0.113.77"));
    }

    [Fact]
    public void LoggingDid_SameCallAgainThenEachPartChanged_EachDidForItsOwnParts()
    {
        // The per-thread memo of the last did must never answer for different parts.
        Assert.Equal("did:sigilum:alice:linear#k1", LoggingDid.For("alice", "linear", "ed25519:k1", null));
        Assert.Equal("did:sigilum:alice:linear#k1", LoggingDid.For("alice", "linear", "ed25519:k1", null));
        Assert.Equal("did:sigilum:bob:linear#k1", LoggingDid.For("bob", "linear", "ed25519:k1", null));
        Assert.Equal("did:sigilum:bob:github#k1", LoggingDid.For("bob", "github", "ed25519:k1", null));
        Assert.Equal("did:sigilum:bob:github#k2", LoggingDid.For("bob", "github", "ed25519:k2", null));
        Assert.Equal("did:sigilum:bob:github#k2#carol", LoggingDid.For("bob", "github", "ed25519:k2", "carol"));
        Assert.Equal("did:sigilum:bob:github#k2", LoggingDid.For("bob", "github", "ed25519:k2", null));
    }

    private static JsonDocument Format(Dictionary<string, object?> fields) =>
        JsonDocument.Parse(new JsonDecisionLog(Loggers(out _), TimeProvider.System, true).Format("test_event", fields));

    private static ILoggerFactory Loggers(out CapturingLoggerProvider captured)
    {
        var provider = new CapturingLoggerProvider();
        captured = provider;
        return LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Information));
    }

    private sealed record Leaky(string Secret);
}
