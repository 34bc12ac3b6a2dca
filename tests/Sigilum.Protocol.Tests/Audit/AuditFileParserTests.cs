namespace Sigilum.Protocol.Audit;

public sealed class AuditFileParserTests
{
    [Fact]
    public void Records_EveryCompleteLine_ParsedInFileOrder()
    {
        var records = AuditTestLog.Records(3);

        var lines = AuditFileParser.Records(AuditTestLog.Bytes(AuditTestLog.Lines(records)));

        Assert.Equal([1L, 2L, 3L], lines.Entries.Select(r => r.Seq));
        Assert.Equal(0, lines.Invalid);
        Assert.Null(lines.FirstInvalidLine);
    }

    [Fact]
    public void Checkpoints_BadCompleteLine_CountedWithItsLineNumberAndReason()
    {
        using var key = AuditTestLog.NodeKey();
        var good = AuditCheckpoint.Sign("gw-1", AuditTestLog.Records(1)[0].Head, AuditTestLog.Clock(), key).ToString();

        var lines = AuditFileParser.Checkpoints(AuditTestLog.Bytes([good, "{\"not\":\"a checkpoint\"}", good, "garbage"]));

        Assert.Equal(2, lines.Entries.Count);
        Assert.Equal(2, lines.Invalid);
        Assert.Equal(2, lines.FirstInvalidLine);
        Assert.False(string.IsNullOrEmpty(lines.FirstInvalidReason));
    }

    [Fact]
    public void Checkpoints_TornLastLineWithoutNewline_NeitherEntryNorInvalid()
    {
        using var key = AuditTestLog.NodeKey();
        var good = AuditCheckpoint.Sign("gw-1", AuditTestLog.Records(1)[0].Head, AuditTestLog.Clock(), key).ToString();
        var bytes = System.Text.Encoding.UTF8.GetBytes(good + "\n" + good[..(good.Length / 2)]);

        var lines = AuditFileParser.Checkpoints(bytes);

        Assert.Single(lines.Entries);
        Assert.Equal(0, lines.Invalid);
        Assert.Null(lines.FirstInvalidLine);
    }

    [Fact]
    public void Records_PreallocatedZerosAfterTheLastLine_Ignored()
    {
        var bytes = AuditTestLog.Bytes(AuditTestLog.Lines(AuditTestLog.Records(2))).Concat(new byte[64]).ToArray();

        var lines = AuditFileParser.Records(bytes);

        Assert.Equal(2, lines.Entries.Count);
        Assert.Equal(0, lines.Invalid);
    }

    [Fact]
    public void Records_EmptyLines_Skipped()
    {
        var record = AuditTestLog.Records(1)[0].ToString();

        var lines = AuditFileParser.Records(System.Text.Encoding.UTF8.GetBytes("\n" + record + "\n\n"));

        Assert.Single(lines.Entries);
        Assert.Equal(0, lines.Invalid);
    }
}
