using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Nodes;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Witness;

/// <summary>Re-verifying stored checkpoints with the witness's own rules; each case breaks exactly one of them.</summary>
public sealed class CheckpointChainTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly DataPlaneNode _node;

    public CheckpointChainTests()
    {
        _node = new DataPlaneNode
        {
            Id = "gw_test", Namespace = "alice", Kind = DataPlaneKind.Gateway, Name = "gateway",
            PublicKey = AgentKeys.Format(_key.PublicKey), RegisteredAt = T0,
        };
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Verify_IncreasingSignedCheckpoints_Verifies()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(1, 0), Stored(5, 1), Stored(9, 2)]);

        Assert.True(verdict.Verifies);
        Assert.Equal(3, verdict.Checked);
    }

    [Fact]
    public void Verify_NoCheckpoints_VerifiesWithNothingChecked()
    {
        var verdict = CheckpointChain.Verify(_node, []);

        Assert.Equal((true, 0), (verdict.Verifies, verdict.Checked));
    }

    [Fact]
    public void Verify_GivenOutOfOrder_JudgesInReceiptOrder()
    {
        Assert.True(CheckpointChain.Verify(_node, [Stored(9, 2), Stored(1, 0), Stored(5, 1)]).Verifies);
    }

    [Fact]
    public void Verify_LowerSeqReceivedLater_IsRegression()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0), Stored(9, 1), Stored(7, 2)]);

        Assert.Equal((WitnessErrors.Regression, 7L), (verdict.Error, verdict.Seq));
        Assert.Contains("below the witnessed seq 9", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SameSeqOtherHead_IsConflict()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0), Stored(5, 1, "rewritten")]);

        Assert.Equal((WitnessErrors.Conflict, 5L), (verdict.Error, verdict.Seq));
    }

    [Fact]
    public void Verify_TamperedJson_IsSignatureInvalid()
    {
        var genuine = Stored(5, 0);
        var forgedHead = Hash("forged");
        var tampered = genuine with { Head = forgedHead, Json = genuine.Json.Replace(genuine.Head, forgedHead, StringComparison.Ordinal) };

        var verdict = CheckpointChain.Verify(_node, [Stored(1, 0), tampered]);

        Assert.Equal(WitnessErrors.SignatureInvalid, verdict.Error);
        Assert.Equal(2, verdict.Checked);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_IsKeyMismatch()
    {
        using var other = Ed25519KeyPair.Generate();

        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0, key: other)]);

        Assert.Equal(WitnessErrors.KeyMismatch, verdict.Error);
    }

    [Fact]
    public void Verify_NamesAnotherNode_IsNodeMismatch()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0, node: "gw_other")]);

        Assert.Equal(WitnessErrors.NodeMismatch, verdict.Error);
    }

    [Fact]
    public void Verify_StoredSeqDiffersFromSigned_IsInvalid()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0) with { Seq = 6 }]);

        Assert.Equal(WitnessErrors.Invalid, verdict.Error);
    }

    [Fact]
    public void Verify_JsonNotACheckpoint_IsInvalid()
    {
        var verdict = CheckpointChain.Verify(_node, [Stored(5, 0) with { Json = """{"v":1}""" }]);

        Assert.Equal(WitnessErrors.Invalid, verdict.Error);
    }

    private StoredCheckpoint Stored(long seq, int receivedMinute, string content = "log", Ed25519KeyPair? key = null, string? node = null)
    {
        var checkpoint = AuditCheckpoint.Sign(node ?? _node.Id, new AuditChainHead(seq, Hash(content + seq), null), new FakeTimeProvider(T0), key ?? _key);
        return new StoredCheckpoint
        {
            NodeId = _node.Id, Namespace = _node.Namespace, Seq = seq, Head = checkpoint.Head,
            Json = checkpoint.ToString(), ReceivedAt = T0.AddMinutes(receivedMinute),
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
