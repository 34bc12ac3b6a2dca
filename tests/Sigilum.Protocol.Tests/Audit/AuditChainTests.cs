using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed class AuditChainTests
{
    [Fact]
    public void Append_FirstRecord_MatchesHandComputedLineAndHash()
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        var record = chain.Append("gateway.request", new JsonObject { ["status"] = 200, ["agent"] = "a" });

        // Written out by hand (keys in ordinal order, no whitespace) so the format is pinned
        // independently of CanonicalJson.
        const string withoutHash = "{\"agent\":\"a\",\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"seq\":1,\"status\":200,\"ts\":\"2026-01-02T03:04:05.678Z\",\"type\":\"gateway.request\",\"v\":1}";
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(withoutHash)));
        var expectedLine = withoutHash.Replace("\"prev\"", $"\"hash\":\"{expectedHash}\",\"prev\"", StringComparison.Ordinal) + "\n";
        Assert.Equal(expectedHash, record.Hash);
        Assert.Equal(expectedLine, System.Text.Encoding.UTF8.GetString(record.Line.Span));
        Assert.Equal(1, record.Seq);
        Assert.Equal(AuditChainHead.GenesisHash, record.Prev);
        Assert.Equal("2026-01-02T03:04:05.678Z", record.TimestampText);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("H")]
    [InlineData("a")]
    [InlineData("has")]
    [InlineData("hash0")]
    [InlineData("hasi")]
    [InlineData("zzz")]
    public void Append_FieldSortingAnywhereAroundHash_LineIsCanonicalAndParses(string? name)
    {
        var fields = name is null ? null : new JsonObject { [name] = new JsonObject { ["z"] = 1, ["a"] = new JsonArray(2, "x") } };

        var record = AuditChain.StartNew(AuditTestLog.Clock()).Append("t", fields);

        var text = record.ToString();
        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(text)), text);
        var parsed = AuditRecord.Parse(record.Line.Span[..^1]);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.Equal(record.Hash, parsed.Value.Hash);
    }

    [Fact]
    public void Append_Twice_LinksPrevToPreviousHashAndAdvancesHead()
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        var first = chain.Append("a");
        var second = chain.Append("b");

        Assert.Equal(2, second.Seq);
        Assert.Equal(first.Hash, second.Prev);
        Assert.Equal(second.Head, chain.Head);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("seq")]
    [InlineData("ts")]
    [InlineData("prev")]
    [InlineData("type")]
    [InlineData("hash")]
    public void Append_ReservedFieldName_ThrowsAndKeepsHead(string name)
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());
        chain.Append("a");
        var head = chain.Head;

        Assert.Throws<ArgumentException>(() => chain.Append("b", new JsonObject { [name] = 1 }));
        Assert.Equal(head, chain.Head);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gateway.Request")]
    [InlineData("has space")]
    [InlineData("x\n")]
    public void Append_InvalidType_Throws(string type)
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append(type));
    }

    [Fact]
    public void Append_ClockStepsBackwards_KeepsTimestampNonDecreasing()
    {
        var clock = AuditTestLog.Clock();
        var chain = AuditChain.StartNew(clock);
        var first = chain.Append("a");

        clock.Advance(TimeSpan.FromMinutes(-5));
        var second = chain.Append("b");

        Assert.Equal(first.Timestamp, second.Timestamp);
    }

    [Fact]
    public void Append_SubMillisecondClock_TruncatesToMilliseconds()
    {
        var clock = new FakeTimeProvider(AuditTestLog.Start.AddTicks(9_999));
        var record = AuditChain.StartNew(clock).Append("a");

        Assert.Equal(AuditTestLog.Start, record.Timestamp);
        Assert.Equal("2026-01-02T03:04:05.678Z", record.TimestampText);
    }

    [Fact]
    public void Append_CallerMutatesFieldsAfterwards_RecordUnchanged()
    {
        var fields = new JsonObject { ["agent"] = "alice" };
        var record = AuditChain.StartNew(AuditTestLog.Clock()).Append("a", fields);

        fields["agent"] = "mallory";

        Assert.Equal("alice", record.GetFields()["agent"]!.GetValue<string>());
        Assert.True(AuditRecord.Parse(record.Line.Span[..^1]).IsSuccess);
    }

    [Fact]
    public void Append_FieldsAtMaxDepth_Verifies()
    {
        JsonNode node = 1;
        for (var i = 0; i < AuditRecord.MaxDepth - 1; i++)
        {
            node = new JsonArray(node);
        }
        var record = AuditChain.StartNew(AuditTestLog.Clock()).Append("deep", new JsonObject { ["x"] = node });

        Assert.True(AuditChainVerifier.Verify(record.Line.Span).Valid);
    }

    [Fact]
    public void Append_FieldsDeeperThanVerifierAccepts_Throws()
    {
        JsonNode node = 1;
        for (var i = 0; i < AuditRecord.MaxDepth; i++)
        {
            node = new JsonArray(node);
        }

        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append("deep", new JsonObject { ["x"] = node }));
        Assert.Equal(0, chain.Head.Seq);
    }

    [Fact]
    public void Append_LineLongerThanLimit_Throws()
    {
        var chain = AuditChain.StartNew(AuditTestLog.Clock());

        Assert.Throws<ArgumentException>(() => chain.Append("big", new JsonObject { ["x"] = new string('a', AuditRecord.MaxLineBytes) }));
        Assert.Equal(AuditChainHead.Genesis, chain.Head);
    }

    [Fact]
    public void Resume_FromLastRecordOfLog_ContinuesAVerifiableChain()
    {
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(3, clock);

        var resumed = AuditChain.Resume(records[^1], clock);
        records.Add(resumed.Append("after.restart"));

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records));
        Assert.True(result.Valid, result.Error?.ToString());
        Assert.Equal(4, result.RecordsVerified);
    }

    [Fact]
    public void Resume_FromVerifiedHead_ContinuesAfterIt()
    {
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(2, clock);
        var verified = AuditChainVerifier.Verify(AuditTestLog.Bytes(records));

        var next = AuditChain.Resume(verified.Head, clock).Append("x");

        Assert.Equal(3, next.Seq);
        Assert.Equal(records[^1].Hash, next.Prev);
    }

    [Fact]
    public void Resume_MalformedHead_Throws()
    {
        Assert.Throws<ArgumentException>(() => AuditChain.Resume(new AuditChainHead(3, "ABC", null), AuditTestLog.Clock()));
    }
}
