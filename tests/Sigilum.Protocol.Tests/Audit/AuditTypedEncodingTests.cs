using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// The typed encoder (<see cref="AuditField"/>, ADR 0050) against the JsonObject encoder it replaces on the hot
/// path: the same members must give the same line, byte for byte, so the hash chain, the verifier and every log
/// written before are unaffected.
/// </summary>
public sealed class AuditTypedEncodingTests
{
    // Names chosen to sort before, around and after the reserved members ("hash" is spliced by position).
    private static readonly string[] Names =
    [
        "", "A", "Z", "_", "a", "agent_id", "backends", "connection", "h", "has", "hash0", "hasi", "i", "method",
        "outcome", "path", "pre", "prev0", "request_id", "s", "seq_", "status", "t", "ts0", "typ", "types", "u",
        "v0", "w", "zz", "é", "名前", "😀", "\u007f", "a\"b", "a\\b", "a\nb",
    ];

    private static readonly string[] Texts =
    [
        "", "plain", "/v1/items/42", "did:sigilum:alice#ed25519-00ff", "naïve", "\"quoted\"", "back\\slash",
        "tab\there", "line\nbreak", "cr\rlf\n", "\b\f", "\u0000\u0001\u001f", "\u007f\u0080", "é日本語", "emoji 😀 pair",
        "lone high \ud800 end", "lone low \udc00 end", "high at end \ud83d", "\udc00\ud800 reversed", "<script>&'",
        "\u2028\u2029", "\ufeff", "ﬀ", new string('x', 300),
    ];

    private static readonly long[] Numbers =
    [
        0, 1, -1, 200, 503, int.MaxValue, int.MinValue, (1L << 53) - 1, 1L << 53, -(1L << 53), (1L << 53) + 1,
        -(1L << 53) - 1, (1L << 53) + 3, 1L << 60, long.MaxValue, long.MinValue + 1, 123_456_789_012_345,
    ];

    [Fact]
    public void Append_RandomCorpus_TypedLinesAreByteIdenticalToJsonObjectLines()
    {
        var random = new SeededSequence(13);
        var clock = AuditTestLog.Clock();
        var dom = AuditChain.StartNew(clock);
        var typed = AuditChain.StartNew(clock);

        for (var i = 0; i < 3_000; i++)
        {
            var (fields, obj) = RandomFields(random);
            var type = random.Next(4) switch { 0 => "gateway.release", 1 => "gateway.outcome", 2 => "a", _ => "vault.credential.release" };

            var expected = dom.Append(type, obj);
            var actual = typed.Append(type, fields);

            AssertSame(expected, actual);
            // Sub-millisecond steps too: both truncate the clock the same way.
            clock.Advance(TimeSpan.FromTicks(random.Next(1, 30_000_000)));
        }
    }

    [Fact]
    public void Append_GatewayReleaseAndOutcomeShapes_ByteIdenticalToJsonObjectLines()
    {
        var clock = AuditTestLog.Clock();
        var dom = AuditChain.StartNew(clock);
        var typed = AuditChain.StartNew(clock);

        var release = dom.Append("gateway.release", new JsonObject
        {
            ["request_id"] = "req_01J9Z", ["connection"] = "openai", ["namespace"] = "bench", ["agent_key_id"] = "ed25519:abc",
            ["method"] = "POST", ["path"] = "/v1/chat/completions", ["subject"] = "alice", ["remote_ip"] = "127.0.0.1",
            ["secret_version"] = 3L, ["backends"] = new JsonArray("vault", "env"),
        });
        AssertSame(release, typed.Append("gateway.release",
            AuditField.String("request_id", "req_01J9Z"), AuditField.String("connection", "openai"), AuditField.String("namespace", "bench"),
            AuditField.String("agent_key_id", "ed25519:abc"), AuditField.String("method", "POST"), AuditField.String("path", "/v1/chat/completions"),
            AuditField.String("subject", "alice"), AuditField.String("agent_id", null), AuditField.String("remote_ip", "127.0.0.1"),
            AuditField.Int64("secret_version", (long?)3), AuditField.Strings("backends", ["vault", "env"])));

        var outcome = dom.Append("gateway.outcome", new JsonObject
        {
            ["release_seq"] = 1L, ["request_id"] = "req_01J9Z", ["connection"] = "openai", ["status"] = 200, ["outcome"] = "forwarded",
            ["response_bytes"] = 1234L, ["duration_ms"] = 7L,
        });
        AssertSame(outcome, typed.Append("gateway.outcome",
            AuditField.Int64("release_seq", 1), AuditField.String("request_id", "req_01J9Z"), AuditField.String("connection", "openai"),
            AuditField.Int64("status", 200), AuditField.String("outcome", "forwarded"), AuditField.Int64("response_bytes", 1234),
            AuditField.Int64("duration_ms", 7)));
    }

    [Fact]
    public void Append_NestedObjectsAndTimes_ByteIdenticalToJsonObjectLines()
    {
        var clock = AuditTestLog.Clock();
        var approvedAt = DateTimeOffset.Parse("2026-03-04T05:06:07.0089999+05:30", System.Globalization.CultureInfo.InvariantCulture);

        // The release record's delegation chain (ADR 0062): objects two deep, members given out of order, times as ts text.
        var expected = AuditChain.StartNew(clock).Append("gateway.release", new JsonObject
        {
            ["namespace"] = "bench",
            ["delegation"] = new JsonObject
            {
                ["namespace"] = "bench", ["agent_key_id"] = "ed25519:abc", ["subject"] = "alice",
                ["approval"] = new JsonObject
                {
                    ["claim_id"] = "cl_1", ["approved_by"] = "dashboard:own_1", ["approved_at"] = "2026-03-03T23:36:07.008Z",
                    ["scope"] = new JsonObject(),
                },
            },
        });
        var actual = AuditChain.StartNew(clock).Append("gateway.release",
            AuditField.Object("delegation", [
                AuditField.String("subject", "alice"),
                AuditField.Object("approval", [
                    AuditField.Object("scope", [AuditField.Time("expires_at", null), AuditField.Strings("allowed_subjects", null)]),
                    AuditField.Time("approved_at", approvedAt), AuditField.String("approved_by", "dashboard:own_1"), AuditField.String("claim_id", "cl_1"),
                ]),
                AuditField.String("namespace", "bench"), AuditField.String("agent_key_id", "ed25519:abc"), AuditField.Object("absent", null),
            ]),
            AuditField.String("namespace", "bench"));

        AssertSame(expected, actual);
    }

    [Fact]
    public void Append_TypedObjectMemberNameTwice_Throws()
    {
        var typed = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => typed.Append("t", AuditField.Object("o", [AuditField.String("a", "1"), AuditField.Int64("a", 2)])));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("0999-12-31T23:59:59.9999999+00:00")]
    [InlineData("2026-12-31T23:59:59.9995000+00:00")]
    [InlineData("2026-03-04T05:06:07.0080000+05:30")]
    [InlineData("2026-03-04T01:02:03.0450000-11:00")]
    [InlineData("9999-12-31T23:59:59.9990000+00:00")]
    public void Append_ClockAtEdgeInstants_TimestampTextIdenticalToJsonObjectLines(string instant)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        var expected = AuditChain.StartNew(clock).Append("t", new JsonObject { ["a"] = 1 });
        var actual = AuditChain.StartNew(clock).Append("t", AuditField.Int64("a", 1));

        AssertSame(expected, actual);
    }

    [Fact]
    public void Append_NoFields_ByteIdenticalToNullJsonObject()
    {
        var clock = AuditTestLog.Clock();

        var expected = AuditChain.StartNew(clock).Append("gateway.audit_reopened", (JsonObject?)null);
        var actual = AuditChain.StartNew(clock).Append("gateway.audit_reopened", ReadOnlySpan<AuditField>.Empty);

        AssertSame(expected, actual);
    }

    [Fact]
    public void Append_NullValuedFields_AreLeftOut()
    {
        var clock = AuditTestLog.Clock();

        var expected = AuditChain.StartNew(clock).Append("t", new JsonObject { ["b"] = "x" });
        var actual = AuditChain.StartNew(clock).Append("t",
            AuditField.String("a", null), AuditField.String("b", "x"), AuditField.Int64("c", (long?)null), AuditField.Strings("d", null));

        AssertSame(expected, actual);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("seq")]
    [InlineData("ts")]
    [InlineData("prev")]
    [InlineData("type")]
    [InlineData("hash")]
    public void Append_TypedFieldWithReservedName_ThrowsAndHeadDoesNotMove(string name)
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append("t", AuditField.String(name, "x")));
        Assert.Equal(AuditChainHead.Genesis, chain.Head);
    }

    [Fact]
    public void Append_TypedFieldNameTwice_ThrowsAndHeadDoesNotMove()
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append("t", AuditField.String("a", "x"), AuditField.Int64("a", 1)));
        Assert.Equal(AuditChainHead.Genesis, chain.Head);
    }

    [Fact]
    public void Append_TypedLineLongerThanTheLimit_ThrowsAsTheJsonObjectEncoderDoes()
    {
        var clock = AuditTestLog.Clock();
        var text = new string('x', AuditRecord.MaxLineBytes);
        var dom = AuditChain.StartNew(clock);
        var typed = AuditChain.StartNew(clock);

        Assert.Throws<ArgumentException>(() => dom.Append("t", new JsonObject { ["a"] = text }));
        Assert.Throws<ArgumentException>(() => typed.Append("t", AuditField.String("a", text)));
        Assert.Equal(AuditChainHead.Genesis, typed.Head);
    }

    [Fact]
    public void Append_TypedInvalidType_Throws()
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append("Bad Type", AuditField.Int64("a", 1)));
    }

    [Fact]
    public void Strings_NullElement_Throws()
    {
        Assert.Throws<ArgumentException>(() => AuditField.Strings("a", ["x", null!]));
    }

    [Fact]
    public void Append_TypedRecords_VerifyAsAChain()
    {
        var clock = AuditTestLog.Clock();
        var chain = AuditChain.StartNew(clock);
        var lines = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            // Texts without lone surrogates: their escapes are canonical but the parser refuses them.
            var text = Texts[i % 15];
            lines.AddRange(chain.Append("gateway.release",
                AuditField.String("request_id", $"req_{i}"), AuditField.String("path", text), AuditField.Int64("status", 200 + i),
                AuditField.Strings("backends", [text, "vault"]), AuditField.Int64("big", Numbers[i % Numbers.Length])).Line.ToArray());
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        var verification = AuditChainVerifier.Verify(lines.ToArray());

        Assert.True(verification.Valid, verification.Error?.ToString());
        Assert.Equal(200, verification.RecordsVerified);
    }

    private static void AssertSame(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.True(expected.Line.Span.SequenceEqual(actual.Line.Span));
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Head, actual.Head);
    }

    private static (AuditField[] Fields, JsonObject Obj) RandomFields(SeededSequence random)
    {
        var count = random.Next(0, 14);
        var fields = new List<AuditField>();
        var obj = new JsonObject();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = random.Next(3) == 0 ? RandomText(random, 6) : Names[random.Next(Names.Length)];
            if (!used.Add(name) || name is "v" or "seq" or "ts" or "prev" or "type" or "hash")
            {
                continue;
            }
            switch (random.Next(7))
            {
                case 0:
                case 1:
                    var text = random.Next(3) == 0 ? RandomText(random, 40) : Texts[random.Next(Texts.Length)];
                    fields.Add(AuditField.String(name, text));
                    obj[name] = text;
                    break;
                case 2:
                    var number = random.Next(2) == 0 ? Numbers[random.Next(Numbers.Length)] : random.NextInt64();
                    fields.Add(AuditField.Int64(name, number));
                    obj[name] = number;
                    break;
                case 3:
                    var values = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Texts[random.Next(Texts.Length)]).ToArray();
                    fields.Add(AuditField.Strings(name, values));
                    obj[name] = new JsonArray([.. values.Select(v => (JsonNode?)v)]);
                    break;
                case 4:
                    var flag = random.Next(2) == 0;
                    fields.Add(AuditField.Boolean(name, flag));
                    obj[name] = flag;
                    break;
                case 5:
                    // Null: present as JSON null, as a JsonObject member set to a null string writes it.
                    var maybe = random.Next(2) == 0 ? null : Texts[random.Next(Texts.Length)];
                    fields.Add(AuditField.StringOrNull(name, maybe));
                    obj[name] = maybe;
                    break;
                default:
                    // Absent: typed only; the JsonObject simply does not have the member.
                    fields.Add(random.Next(2) == 0 ? AuditField.String(name, null) : AuditField.Int64(name, (long?)null));
                    break;
            }
        }
        // Member order must not matter: the JsonObject keeps insertion order, the typed fields are shuffled.
        var shuffled = fields.ToArray();
        random.Shuffle(shuffled);
        return (shuffled, obj);
    }

    private static string RandomText(SeededSequence random, int maxLength)
    {
        var chars = new char[random.Next(0, maxLength + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(6) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => (char)random.Next(0xD800, 0xE000), // surrogates, paired or not
                2 => (char)random.Next(0x80, 0x800),
                3 => (char)random.Next(0x800, 0xD800),
                _ => (char)random.Next(0x20, 0x80),
            };
        }
        return new string(chars);
    }
}
