using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Audit;

public sealed class AuditRecordTests
{
    [Fact]
    public void Parse_WrittenLine_RoundTripsEveryMember()
    {
        var written = AuditTestLog.Records(2)[1];

        var parsed = AuditRecord.Parse(System.Text.Encoding.UTF8.GetBytes(written.ToString()));

        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.Equal(written.Seq, parsed.Value.Seq);
        Assert.Equal(written.Timestamp, parsed.Value.Timestamp);
        Assert.Equal(written.Prev, parsed.Value.Prev);
        Assert.Equal(written.Type, parsed.Value.Type);
        Assert.Equal(written.Hash, parsed.Value.Hash);
        Assert.Equal(written.Line.ToArray(), parsed.Value.Line.ToArray());
        Assert.True(JsonNode.DeepEquals(AuditTestLog.Fields(2), parsed.Value.GetFields()));
    }

    [Fact]
    public void GetFields_ReturnsOnlyCallerFields()
    {
        var record = AuditChain.StartNew(AuditTestLog.Clock()).Append("a", new JsonObject { ["k"] = "v" });

        var fields = record.GetFields();

        Assert.Equal(["k"], fields.Select(p => p.Key));
    }

    [Fact]
    public void Parse_ExtraWhitespace_FailsMalformed()
    {
        var line = AuditTestLog.Records(1)[0].ToString().Replace(",\"seq\":", ", \"seq\":", StringComparison.Ordinal);

        AssertFails(line, ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_KeysOutOfOrder_FailsMalformed()
    {
        var obj = JsonNode.Parse(AuditTestLog.Records(1)[0].ToString())!.AsObject();
        var reordered = new JsonObject();
        foreach (var (name, value) in obj.Reverse().ToList())
        {
            obj.Remove(name);
            reordered[name] = value;
        }

        AssertFails(reordered.ToJsonString(), ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_DuplicateMember_FailsMalformed()
    {
        var line = AuditTestLog.Records(1)[0].ToString();
        var duplicated = line.Insert(1, "\"agent\":\"x\",");

        AssertFails(duplicated, ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_UnknownVersionWithValidHash_FailsMalformed()
    {
        AssertFails(Rehash(AuditTestLog.Records(1)[0], o => o["v"] = 2), ErrorCatalogue.AuditLineMalformed);
    }

    [Theory]
    [InlineData("seq", "0")]
    [InlineData("seq", "\"1\"")]
    [InlineData("ts", "\"2026-01-02T03:04:05Z\"")]
    [InlineData("ts", "\"2026-01-02T03:04:05.678+00:00\"")]
    [InlineData("prev", "\"00\"")]
    [InlineData("type", "\"\"")]
    [InlineData("v", "1.5")]
    public void Parse_MemberOfWrongShapeWithValidHash_FailsMalformed(string member, string json)
    {
        AssertFails(Rehash(AuditTestLog.Records(1)[0], o => o[member] = JsonNode.Parse(json)), ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_UppercaseHash_FailsMalformed()
    {
        var record = AuditTestLog.Records(1)[0];
        var line = record.ToString().Replace(record.Hash, record.Hash.ToUpperInvariant(), StringComparison.Ordinal);

        AssertFails(line, ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_FieldEdited_FailsHashMismatch()
    {
        var line = AuditTestLog.Records(1)[0].ToString().Replace("\"allow\"", "\"deny!\"", StringComparison.Ordinal);

        AssertFails(line, ErrorCatalogue.AuditHashMismatch);
    }

    [Fact]
    public void Parse_LongerThanLimit_FailsMalformed()
    {
        AssertFails(new string(' ', AuditRecord.MaxLineBytes + 1), ErrorCatalogue.AuditLineMalformed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{")]
    public void Parse_NotAnObject_FailsMalformed(string line)
    {
        AssertFails(line, ErrorCatalogue.AuditLineMalformed);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_FailsMalformed()
    {
        // The JSON reader would hand back U+FFFD for the bad byte; the canonical check must not let
        // that substitution pass as the original record.
        var bytes = AuditTestLog.Records(1)[0].Line[..^1].ToArray();
        var index = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("allow", StringComparison.Ordinal);
        bytes[index] = 0xFF;

        var result = AuditRecord.Parse(bytes);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCatalogue.AuditLineMalformed, result.Error.Code);
    }

    [Theory]
    [InlineData("{\"\\ud800\":1}")]
    [InlineData("{\"a\":\"\\ude00\"}")]
    public void Parse_EscapedLoneSurrogate_FailsMalformed(string line)
    {
        AssertFails(line, ErrorCatalogue.AuditLineMalformed);
    }

    /// <summary>Applies an edit and recomputes the hash, as a forger who knows the format would.</summary>
    internal static string Rehash(AuditRecord record, Action<JsonObject> edit)
    {
        var obj = JsonNode.Parse(record.ToString())!.AsObject();
        obj.Remove("hash");
        edit(obj);
        obj["hash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(CanonicalJson.SerializeToUtf8(obj)));
        return CanonicalJson.Serialize(obj);
    }

    private static void AssertFails(string line, string code)
    {
        var result = AuditRecord.Parse(System.Text.Encoding.UTF8.GetBytes(line));

        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
    }
}
