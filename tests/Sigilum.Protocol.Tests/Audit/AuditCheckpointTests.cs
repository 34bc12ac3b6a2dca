using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

public sealed class AuditCheckpointTests
{
    [Fact]
    public void Sign_ThenParse_RoundTripsAndVerifies()
    {
        using var key = AuditTestLog.NodeKey();
        var head = AuditTestLog.Records(3)[^1].Head;

        var checkpoint = AuditCheckpoint.Sign("gw-1", head, AuditTestLog.Clock(), key);
        var parsed = AuditCheckpoint.Parse(checkpoint.ToString());

        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.Equal("gw-1", parsed.Value.Node);
        Assert.Equal(3, parsed.Value.Seq);
        Assert.Equal(head.Hash, parsed.Value.Head);
        Assert.Equal(AuditTestLog.Start, parsed.Value.Timestamp);
        Assert.True(parsed.Value.VerifySignature());
        Assert.True(parsed.Value.IsSignedBy(key.PublicKey));
        Assert.Equal(checkpoint.ToUtf8Json(), parsed.Value.ToUtf8Json());
    }

    [Fact]
    public void ToUtf8Json_HasExactlyTheDocumentedMembers()
    {
        using var key = AuditTestLog.NodeKey();
        var checkpoint = AuditCheckpoint.Sign("gw-1", AuditChainHead.Genesis, AuditTestLog.Clock(), key);

        var obj = JsonNode.Parse(checkpoint.ToUtf8Json())!.AsObject();

        Assert.Equal(["head", "node", "publicKey", "seq", "sig", "ts", "v"], obj.Select(p => p.Key));
        Assert.StartsWith("ed25519:", obj["publicKey"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReformattedAndReordered_StillVerifies()
    {
        using var key = AuditTestLog.NodeKey();
        var checkpoint = AuditCheckpoint.Sign("gw-1", AuditTestLog.Records(1)[0].Head, AuditTestLog.Clock(), key);
        var obj = JsonNode.Parse(checkpoint.ToString())!.AsObject();
        var reordered = new JsonObject();
        foreach (var (name, value) in obj.Reverse().ToList())
        {
            obj.Remove(name);
            reordered[name] = value;
        }
        var pretty = reordered.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var parsed = AuditCheckpoint.Parse(pretty);

        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.True(parsed.Value.VerifySignature());
    }

    [Theory]
    [InlineData("seq", "4")]
    [InlineData("node", "\"gw-2\"")]
    [InlineData("ts", "\"2030-01-01T00:00:00.000Z\"")]
    [InlineData("head", "\"1111111111111111111111111111111111111111111111111111111111111111\"")]
    public void VerifySignature_SignedMemberChanged_ReturnsFalse(string member, string json)
    {
        using var key = AuditTestLog.NodeKey();
        var checkpoint = AuditCheckpoint.Sign("gw-1", AuditTestLog.Records(3)[^1].Head, AuditTestLog.Clock(), key);
        var obj = JsonNode.Parse(checkpoint.ToString())!.AsObject();
        obj[member] = JsonNode.Parse(json);

        var parsed = AuditCheckpoint.Parse(obj.ToJsonString());

        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        Assert.False(parsed.Value.VerifySignature());
    }

    [Fact]
    public void IsSignedBy_AnotherKey_ReturnsFalse()
    {
        using var key = AuditTestLog.NodeKey();
        using var other = AuditTestLog.NodeKey(9);
        var checkpoint = AuditCheckpoint.Sign("gw-1", AuditChainHead.Genesis, AuditTestLog.Clock(), key);

        Assert.False(checkpoint.IsSignedBy(other.PublicKey));
    }

    [Theory]
    [InlineData("extra", "1")]
    [InlineData("sig", "\"AAAA\"")]
    [InlineData("publicKey", "\"ed25519:AAAA\"")]
    [InlineData("v", "2")]
    [InlineData("seq", "-1")]
    [InlineData("node", "\"has space\"")]
    public void Parse_BadMember_FailsInvalid(string member, string json)
    {
        using var key = AuditTestLog.NodeKey();
        var obj = JsonNode.Parse(AuditCheckpoint.Sign("gw-1", AuditChainHead.Genesis, AuditTestLog.Clock(), key).ToString())!.AsObject();
        obj[member] = JsonNode.Parse(json);

        var parsed = AuditCheckpoint.Parse(System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()));

        Assert.False(parsed.IsSuccess);
        Assert.Equal(ErrorCatalogue.AuditCheckpointInvalid, parsed.Error.Code);
    }

    [Theory]
    [InlineData("{\"\\ud800\":1}")]
    [InlineData("{\"node\":\"\\ude00\"}")]
    [InlineData("{\"v\":1,\"v\":1}")]
    [InlineData("[]")]
    [InlineData("{")]
    public void Parse_MalformedJson_FailsInvalid(string json)
    {
        var parsed = AuditCheckpoint.Parse(json);

        Assert.False(parsed.IsSuccess);
        Assert.Equal(ErrorCatalogue.AuditCheckpointInvalid, parsed.Error.Code);
    }

    [Fact]
    public void Sign_InvalidNode_Throws()
    {
        using var key = AuditTestLog.NodeKey();

        Assert.Throws<ArgumentException>(() => AuditCheckpoint.Sign("", AuditChainHead.Genesis, AuditTestLog.Clock(), key));
    }
}
