using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

public sealed class AuditChainVerifierTests
{
    [Fact]
    public void Verify_ValidLog_CountsEveryRecordAndReturnsHead()
    {
        var records = AuditTestLog.Records(5);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records));

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.Null(result.Error);
        Assert.Equal(5, result.RecordsVerified);
        Assert.Equal(records[^1].Head, result.Head);
        Assert.False(result.TornTail);
    }

    [Fact]
    public void Verify_ValidLogAsTextLines_SameResultAsBytes()
    {
        var records = AuditTestLog.Records(4);

        var result = AuditChainVerifier.Verify(AuditTestLog.Lines(records));

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.Equal(4, result.RecordsVerified);
    }

    [Fact]
    public void Verify_EmptyLog_ValidWithNoRecords()
    {
        var result = AuditChainVerifier.Verify(ReadOnlySpan<byte>.Empty);

        Assert.True(result.Valid);
        Assert.Equal(0, result.RecordsVerified);
        Assert.Equal(AuditChainHead.Genesis, result.Head);
    }

    [Fact]
    public void STO_06_FieldEdited_FailsWithHashMismatchAtThatRecord()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(5));
        lines[2] = lines[2].Replace("\"status\":203", "\"status\":500", StringComparison.Ordinal);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditHashMismatch, seq: 3, line: 3, verified: 2);
    }

    [Fact]
    public void Verify_FieldEditedAndHashRecomputed_FailsWithPrevMismatchAtNextRecord()
    {
        var records = AuditTestLog.Records(5);
        var lines = AuditTestLog.Lines(records);
        lines[2] = AuditRecordTests.Rehash(records[2], o => o["status"] = 500);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditPrevMismatch, seq: 4, line: 4, verified: 3);
    }

    [Fact]
    public void STO_06_TwoRecordsSwapped_FailsWithSequenceGapAtFirstSwapped()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(5));
        (lines[1], lines[2]) = (lines[2], lines[1]);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditSequenceGap, seq: 2, line: 2, verified: 1);
    }

    [Fact]
    public void STO_06_RecordDeleted_FailsWithSequenceGapWhereItWas()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(5));
        lines.RemoveAt(3);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditSequenceGap, seq: 4, line: 4, verified: 3);
    }

    [Fact]
    public void Verify_RecordInsertedFromAnotherChain_FailsAtInsertion()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(5));
        var foreign = AuditTestLog.Records(3, new FakeTimeProvider(AuditTestLog.Start.AddDays(1)))[2];
        lines.Insert(3, foreign.ToString());

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditSequenceGap, seq: 4, line: 4, verified: 3);
    }

    [Fact]
    public void Verify_ForgedRecordInsertedWithCorrectSeq_FailsWithPrevMismatch()
    {
        var records = AuditTestLog.Records(5);
        var lines = AuditTestLog.Lines(records);
        // A forger renumbers a real record to fit the gap, but cannot make prev link.
        lines.Insert(3, AuditRecordTests.Rehash(records[0], o => o["seq"] = 4));

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditPrevMismatch, seq: 4, line: 4, verified: 3);
    }

    [Fact]
    public void Verify_TimestampGoesBackwards_FailsWithTimestampRegression()
    {
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(3, clock);
        // A head without a time disables the writer's clamp, so the clock's step back shows.
        var head = records[^1].Head with { Timestamp = null };
        clock.SetUtcNow(AuditTestLog.Start.AddMinutes(-1));
        records.Add(AuditChain.Resume(head, clock).Append("late"));

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records));

        AssertFailure(result, ErrorCatalogue.AuditTimestampRegression, seq: 4, line: 4, verified: 3);
    }

    [Fact]
    public void Verify_BlankLineInside_FailsMalformed()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(3));
        lines.Insert(1, "");

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(lines));

        AssertFailure(result, ErrorCatalogue.AuditLineMalformed, seq: 2, line: 2, verified: 1);
    }

    [Fact]
    public void Verify_LogNotStartingAtSeq1_FailsWithSequenceGap()
    {
        var records = AuditTestLog.Records(5);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Skip(2)));

        AssertFailure(result, ErrorCatalogue.AuditSequenceGap, seq: 1, line: 1, verified: 0);
    }

    [Fact]
    public void STO_09_RotatedSegmentFromPreviousHead_Valid()
    {
        var records = AuditTestLog.Records(6);
        var options = new AuditVerifyOptions { Start = records[2].Head };

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Skip(3)), options);

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.Equal(3, result.RecordsVerified);
        Assert.Equal(records[^1].Head, result.Head);
    }

    [Fact]
    public void STO_09_SegmentWithWrongStartHash_FailsWithPrevMismatch()
    {
        var records = AuditTestLog.Records(6);
        var options = new AuditVerifyOptions { Start = records[2].Head with { Hash = records[1].Hash } };

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Skip(3)), options);

        AssertFailure(result, ErrorCatalogue.AuditPrevMismatch, seq: 4, line: 1, verified: 0);
    }

    [Fact]
    public void Verify_MatchingCheckpoints_ValidAndCounted()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(6, clock);
        var options = AuditTestLog.Trusting(key,
            AuditCheckpoint.Sign("gw-1", records[2].Head, clock, key),
            AuditCheckpoint.Sign("gw-1", records[5].Head, clock, key));

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records), options);

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.Equal(2, result.CheckpointsMatched);
    }

    [Fact]
    public void STO_07_TruncatedBelowCheckpoint_FailsWithTruncated()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(6, clock);
        var options = AuditTestLog.Trusting(key, AuditCheckpoint.Sign("gw-1", records[4].Head, clock, key));

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Take(3)), options);

        AssertFailure(result, ErrorCatalogue.AuditTruncated, seq: 4, line: null, verified: 3);
    }

    [Fact]
    public void Verify_TruncatedWithoutCheckpoint_StillValid()
    {
        // The documented limit of a bare hash chain (reliability §1.2, STO-07): only a checkpoint
        // kept apart can show that the tail is gone.
        var records = AuditTestLog.Records(6);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Take(3)));

        Assert.True(result.Valid);
        Assert.Equal(3, result.RecordsVerified);
    }

    [Fact]
    public void STO_07_LogRewrittenAsNewValidChain_FailsWithCheckpointMismatch()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var original = AuditTestLog.Records(4, clock);
        var options = AuditTestLog.Trusting(key, AuditCheckpoint.Sign("gw-1", original[2].Head, clock, key));
        var rewritten = AuditChain.StartNew(AuditTestLog.Clock());
        var forged = Enumerable.Range(1, 4).Select(i => rewritten.Append("gateway.request", new JsonObject { ["i"] = i })).ToList();

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(forged), options);

        AssertFailure(result, ErrorCatalogue.AuditCheckpointMismatch, seq: 3, line: 3, verified: 2);
    }

    [Fact]
    public void Verify_ForgedCheckpointSignature_FailsWithCheckpointInvalid()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(4, clock);
        // The attacker truncates to 2 records and moves the checkpoint back to match, keeping the old sig.
        var genuine = JsonNode.Parse(AuditCheckpoint.Sign("gw-1", records[3].Head, clock, key).ToString())!.AsObject();
        genuine["seq"] = 2;
        genuine["head"] = records[1].Hash;
        var forged = AuditCheckpoint.Parse(genuine.ToJsonString()).Value!;

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records.Take(2)), AuditTestLog.Trusting(key, forged));

        AssertFailure(result, ErrorCatalogue.AuditCheckpointInvalid, seq: 2, line: null, verified: 0);
    }

    [Fact]
    public void Verify_CheckpointSignedByUntrustedKey_FailsWithCheckpointInvalid()
    {
        using var trusted = AuditTestLog.NodeKey();
        using var attacker = AuditTestLog.NodeKey(42);
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(3, clock);
        var checkpoint = AuditCheckpoint.Sign("gw-1", records[1].Head, clock, attacker);

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records), AuditTestLog.Trusting(trusted, checkpoint));

        AssertFailure(result, ErrorCatalogue.AuditCheckpointInvalid, seq: 2, line: null, verified: 0);
    }

    [Fact]
    public void Verify_CheckpointForAnotherNode_FailsWithCheckpointInvalid()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(3, clock);
        var options = AuditTestLog.Trusting(key, AuditCheckpoint.Sign("gw-2", records[1].Head, clock, key)) with { ExpectedNode = "gw-1" };

        var result = AuditChainVerifier.Verify(AuditTestLog.Bytes(records), options);

        Assert.Equal(ErrorCatalogue.AuditCheckpointInvalid, result.Code);
    }

    [Fact]
    public void STO_05_TornTail_VerifyReportsTheExactOffset_AndIsValidUpToTheLastCompleteRecord()
    {
        var records = AuditTestLog.Records(4);
        var complete = AuditTestLog.Bytes(records.Take(3));
        var log = complete.Concat(records[3].Line[..40].ToArray()).ToArray();

        var result = AuditChainVerifier.Verify(log);

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.True(result.TornTail);
        Assert.Equal(3, result.RecordsVerified);
        Assert.Equal(4, result.TornTailLine);
        Assert.Equal(complete.Length, result.TornTailOffset);
        Assert.Equal(records[2].Head, result.Head);
    }

    [Fact]
    public void Verify_WholeRecordMissingOnlyItsNewline_IsTornNotCounted()
    {
        var records = AuditTestLog.Records(2);
        var log = AuditTestLog.Bytes(records)[..^1];

        var result = AuditChainVerifier.Verify(log);

        Assert.True(result.Valid);
        Assert.True(result.TornTail);
        Assert.Equal(1, result.RecordsVerified);
    }

    [Fact]
    public void Verify_TornTailAsTextLines_ValidUpToLastCompleteRecord()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(4));
        lines[3] = lines[3][..57];

        var result = AuditChainVerifier.Verify(lines);

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.True(result.TornTail);
        Assert.Equal(3, result.RecordsVerified);
        Assert.Equal(4, result.TornTailLine);
        Assert.Null(result.TornTailOffset);
    }

    [Fact]
    public void Verify_GarbageLastTextLine_FailsMalformedNotTorn()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(3));
        lines.Add("}garbage{");

        var result = AuditChainVerifier.Verify(lines);

        AssertFailure(result, ErrorCatalogue.AuditLineMalformed, seq: 4, line: 4, verified: 3);
        Assert.False(result.TornTail);
    }

    [Fact]
    public void Verify_TextLinesEndingInEmptyString_IgnoresIt()
    {
        var text = System.Text.Encoding.UTF8.GetString(AuditTestLog.Bytes(AuditTestLog.Records(3)));

        var result = AuditChainVerifier.Verify(text.Split('\n'));

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.False(result.TornTail);
        Assert.Equal(3, result.RecordsVerified);
    }

    [Fact]
    public void Verify_TextLineWithLoneSurrogate_FailsMalformed()
    {
        var lines = AuditTestLog.Lines(AuditTestLog.Records(3));
        lines[1] = lines[1].Replace("naïve", "na\uD800ve", StringComparison.Ordinal);

        var result = AuditChainVerifier.Verify(lines);

        AssertFailure(result, ErrorCatalogue.AuditLineMalformed, seq: 2, line: 2, verified: 1);
    }

    [Fact]
    public void Verify_TornTailCoveredByCheckpoint_FailsWithTruncated()
    {
        using var key = AuditTestLog.NodeKey();
        var clock = AuditTestLog.Clock();
        var records = AuditTestLog.Records(4, clock);
        var log = AuditTestLog.Bytes(records.Take(3)).Concat(records[3].Line[..40].ToArray()).ToArray();
        var options = AuditTestLog.Trusting(key, AuditCheckpoint.Sign("gw-1", records[3].Head, clock, key));

        var result = AuditChainVerifier.Verify(log, options);

        AssertFailure(result, ErrorCatalogue.AuditTruncated, seq: 4, line: null, verified: 3);
        Assert.True(result.TornTail);
    }

    [Fact]
    public void AddLine_FedIncrementally_MatchesWholeLogResult()
    {
        var records = AuditTestLog.Records(5);
        var verifier = new AuditChainVerifier();

        foreach (var record in records)
        {
            Assert.True(verifier.AddLine(record.Line.Span[..^1]));
        }
        var result = verifier.Complete();

        Assert.Equal(AuditChainVerifier.Verify(AuditTestLog.Bytes(records)), result);
    }

    [Fact]
    public void AddLine_AfterFailure_ReturnsFalseAndKeepsFirstFailure()
    {
        var records = AuditTestLog.Records(3);
        var verifier = new AuditChainVerifier();

        Assert.False(verifier.AddLine(records[1].Line.Span[..^1]));
        Assert.False(verifier.AddLine(records[0].Line.Span[..^1]));
        var result = verifier.Complete();

        AssertFailure(result, ErrorCatalogue.AuditSequenceGap, seq: 1, line: 1, verified: 0);
    }

    private static void AssertFailure(AuditVerification result, string code, long seq, long? line, long verified)
    {
        Assert.False(result.Valid);
        Assert.Equal(code, result.Code);
        Assert.Equal(seq, result.FailedSeq);
        Assert.Equal(line, result.FailedLine);
        Assert.Equal(verified, result.RecordsVerified);
    }
}
